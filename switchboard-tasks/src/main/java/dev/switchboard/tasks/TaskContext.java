package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a running task knows about its call and how it talks back: progress updates, retries,
 * time-limit and revoke checks. One per run, used on the task's own thread.
 */
public final class TaskContext {
  private final TaskApp app;
  private final TaskMessage message;
  private final String workerId;
  private final Execution execution;

  TaskContext(TaskApp app, TaskMessage message, String workerId, Execution execution) {
    this.app = app;
    this.message = message;
    this.workerId = workerId;
    this.execution = execution;
  }

  /** Returns the task id. */
  public String id() {
    return message.id();
  }

  /** Returns the task name. */
  public String name() {
    return message.name();
  }

  /** Returns how many times this call was retried before this run (0 on the first run). */
  public int retries() {
    return message.retries();
  }

  /** Returns the caller's headers. */
  public Map<String, String> headers() {
    return message.headers();
  }

  /** Returns the id of the worker running this call. */
  public String workerId() {
    return workerId;
  }

  /** Returns whether this run is a redelivery (an earlier holder died or gave it back). */
  public boolean redelivered() {
    return execution.redelivered();
  }

  /** Returns the app, to call other tasks. */
  public TaskApp app() {
    return app;
  }

  /**
   * Records progress: the state becomes PROGRESS with {@code meta} (any Jackson-encodable value,
   * typically a map such as {@code Map.of("done", 3, "total", 10)}), stored in the result backend
   * and sent as a {@code task.progress} event to groups {@code task-<id>} and {@code tasks}.
   * Blocks until the backend has stored it.
   *
   * @param state must be {@code "PROGRESS"}, the one state a task sets itself
   * @throws IllegalArgumentException for any other state
   */
  public void updateState(String state, @Nullable Object meta) {
    if (!TaskState.PROGRESS.name().equals(state)) {
      throw new IllegalArgumentException(
          "a task may only set state \"PROGRESS\" itself; the worker sets the others: '" + state
              + "'");
    }
    execution.progress(app.codec().toTree(meta));
  }

  /** Records progress: the same as {@code updateState("PROGRESS", meta)}. */
  public void progress(@Nullable Object meta) {
    updateState(TaskState.PROGRESS.name(), meta);
  }

  /**
   * Ends this run and schedules a retry after {@code countdown}. Always throws; declared to
   * return so callers can write {@code throw ctx.retry(e, Duration.ofSeconds(10));}.
   *
   * @param cause why (recorded with the RETRY state, and the failure if retries run out)
   * @param countdown the delay, or null for the task's backoff delay
   * @throws RetryTask always
   */
  public RetryTask retry(@Nullable Throwable cause, @Nullable Duration countdown) {
    if (countdown != null && countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must not be negative: " + countdown);
    }
    throw new RetryTask(cause, countdown);
  }

  /** Ends this run and schedules a retry after the task's backoff delay. Always throws. */
  public RetryTask retry(Throwable cause) {
    throw retry(Objects.requireNonNull(cause, "cause"), null);
  }

  /** Returns whether the soft time limit has passed (the thread was interrupted for it). */
  public boolean softTimeLimitExceeded() {
    return execution.softLimitHit();
  }

  /**
   * Throws {@link SoftTimeLimitExceeded} if the soft time limit has passed; call it between
   * steps of long work that does not block (blocking calls see the interrupt themselves).
   */
  public void checkSoftTimeLimit() {
    if (execution.softLimitHit()) {
      throw new SoftTimeLimitExceeded(
          "task " + message.label() + " exceeded its soft time limit");
    }
  }

  /** Returns whether the task was revoked while running (its thread was interrupted for it). */
  public boolean revoked() {
    return execution.revokedWhileRunning();
  }
}
