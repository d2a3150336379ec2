package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JavaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A registered task: call it with {@link #delay} or {@link #applyAsync}, or make a {@link
 * Signature} with {@link #s} for chains, groups and chords. Created by {@link TaskApp#task};
 * thread-safe.
 *
 * <pre>{@code
 * Task<ResizeArgs, ResizeResult> resize = app.task("images.resize", ResizeArgs.class,
 *     ResizeResult.class, (ctx, args) -> resizer.run(args));
 * AsyncResult<ResizeResult> r = resize.delay(new ResizeArgs("cat.png", 128));
 * }</pre>
 *
 * @param <A> the argument type, encoded with Jackson
 * @param <R> the result type, encoded with Jackson
 */
public final class Task<A, R> {
  private final TaskApp app;
  private final String name;
  private final JavaType argsType;
  private final JavaType resultType;
  private final TaskFunction<A, R> body;
  private final TaskOptions options;

  Task(
      TaskApp app,
      String name,
      JavaType argsType,
      JavaType resultType,
      TaskFunction<A, R> body,
      TaskOptions options) {
    this.app = app;
    this.name = name;
    this.argsType = argsType;
    this.resultType = resultType;
    this.body = body;
    this.options = options;
  }

  /** Returns the registered name, such as {@code "images.resize"}. */
  public String name() {
    return name;
  }

  /** Returns how the task runs: retries, limits, default queue and priority. */
  public TaskOptions options() {
    return options;
  }

  /**
   * Sends the task to run as soon as a worker is free, on its default queue.
   *
   * @return a handle to its state and result
   * @throws java.util.concurrent.CompletionException if the broker refused the message
   */
  public AsyncResult<R> delay(A args) {
    return applyAsync(args, CallOptions.NONE);
  }

  /**
   * Sends the task with options: countdown or ETA, expiry, priority, queue, headers, task id.
   *
   * @return a handle to its state and result
   * @throws java.util.concurrent.CompletionException if the broker refused the message
   */
  public AsyncResult<R> applyAsync(A args, CallOptions call) {
    Objects.requireNonNull(call, "options");
    String id = app.send(this, app.codec().toTree(args), call);
    return new AsyncResult<>(app, id, name, resultType);
  }

  /**
   * Sends one call per element of {@code argsList} in a single broker batch (pipelined where the
   * broker can), which is much cheaper per task than a loop of {@link #delay} calls.
   *
   * @return one handle per call, in order
   */
  public List<AsyncResult<R>> delayAll(List<A> argsList) {
    List<Object> trees = new ArrayList<>(argsList.size());
    for (A a : argsList) {
      trees.add(app.codec().toTree(a));
    }
    List<String> ids = app.sendAll(this, trees);
    List<AsyncResult<R>> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(new AsyncResult<>(app, id, name, resultType));
    }
    return out;
  }

  /** Returns a signature of this task with fixed arguments, for chains, groups and chords. */
  public Signature<R> s(A args) {
    return new Signature<>(this, app.codec().toTree(args), CallOptions.NONE);
  }

  /**
   * Returns a signature without arguments: in a chain it receives the previous task's result as
   * its arguments (so {@code A} must be able to decode that result).
   */
  public Signature<R> s() {
    return new Signature<>(this, null, CallOptions.NONE);
  }

  /** Returns a handle to an existing call of this task by id. */
  public AsyncResult<R> result(String id) {
    return new AsyncResult<>(app, TaskIds.check(id), name, resultType);
  }

  JavaType argsType() {
    return argsType;
  }

  JavaType resultType() {
    return resultType;
  }

  TaskFunction<A, R> body() {
    return body;
  }

  TaskApp app() {
    return app;
  }

  @Override
  public String toString() {
    return "Task[" + name + "]";
  }
}
