package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import java.util.Objects;

/**
 * A task call that has not been sent: the task, its arguments (or none, to take the previous
 * result in a chain) and call options. Made by {@link Task#s}; used by {@link TaskApp#chain},
 * {@link TaskApp#group} and {@link TaskApp#chord}. Immutable.
 *
 * @param <R> the task's result type
 */
public final class Signature<R> {
  private final Task<?, R> task;
  private final @Nullable JsonNode args;
  private final CallOptions options;

  Signature(Task<?, R> task, @Nullable JsonNode args, CallOptions options) {
    this.task = task;
    this.args = args;
    this.options = options;
  }

  /** Returns a copy sent with {@code call} (queue, priority, countdown, headers, id). */
  public Signature<R> with(CallOptions call) {
    return new Signature<>(task, args, Objects.requireNonNull(call, "options"));
  }

  /** Sends this call alone. */
  public AsyncResult<R> applyAsync() {
    String id = task.app().send(task, args, options);
    return new AsyncResult<>(task.app(), id, task.name(), task.resultType());
  }

  /** Returns the task. */
  public Task<?, R> task() {
    return task;
  }

  /** Returns the fixed arguments as JSON, or null when the call takes the previous result. */
  public @Nullable JsonNode args() {
    return args;
  }

  /** Returns the call options. */
  public CallOptions options() {
    return options;
  }

  /** Returns the wire form with a fixed id, for canvas messages. */
  TaskMessage.Link link(String id) {
    Integer p = options.priority();
    return new TaskMessage.Link(id, task.name(), args, options.queue(), p == null ? -1 : p);
  }

  @Override
  public String toString() {
    return task.name() + (args == null ? "()" : "(" + args + ")");
  }
}
