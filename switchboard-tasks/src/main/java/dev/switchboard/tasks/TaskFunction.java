package dev.switchboard.tasks;

/**
 * The body of a task: takes the context and the decoded arguments, returns the result (encoded
 * as JSON and stored) or throws (recorded as the failure, or retried).
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<A, R> {
  /**
   * Runs the task on a worker's virtual thread; it may block.
   *
   * @throws Exception to fail (or, for {@link TaskOptions#autoretryFor} types, retry) the task
   */
  R run(TaskContext ctx, A args) throws Exception;
}
