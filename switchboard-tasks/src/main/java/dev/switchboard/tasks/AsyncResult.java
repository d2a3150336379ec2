package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A handle to one task call: its id, state, result, failure and progress, read from the result
 * backend. Cheap to create and share; holds no resources between calls.
 *
 * <p>{@link #get(Duration)} and {@link #future()} wait for a notification from the backend's
 * write of the final state (a backend whose notifications can be lost also re-reads now and
 * then, so a lost one delays the result rather than hanging the wait).
 *
 * @param <R> the result type
 */
public final class AsyncResult<R> {
  private final TaskApp app;
  private final String id;
  private final String name;
  private final JavaType resultType;

  AsyncResult(TaskApp app, String id, String name, JavaType resultType) {
    this.app = app;
    this.id = id;
    this.name = name;
    this.resultType = resultType;
  }

  /** Returns the task id. */
  public String id() {
    return id;
  }

  /** Returns the task name. */
  public String name() {
    return name;
  }

  /** Returns the stored record, or null while PENDING (or after it expired). Blocks briefly. */
  public @Nullable TaskResult record() {
    return app.backend().get(id).join();
  }

  /** Returns the current state; PENDING when the backend knows nothing of the task. */
  public TaskState state() {
    TaskResult r = record();
    return r == null ? TaskState.PENDING : r.state();
  }

  /** Returns whether the task reached SUCCESS, FAILURE or REVOKED. */
  public boolean ready() {
    return state().isReady();
  }

  /**
   * Waits up to {@code timeout} for the task to finish and returns its result.
   *
   * @throws TimeoutException if it has not finished in time (the task goes on)
   * @throws TaskFailedException if it failed; {@link TaskFailedException#failure()} holds the
   *     remote exception type, message and stack trace
   * @throws TaskRevokedException if it was revoked or expired
   * @throws InterruptedException if the calling thread was interrupted
   */
  public @Nullable R get(Duration timeout) throws TimeoutException, InterruptedException {
    CompletableFuture<TaskResult> wait = app.backend().awaitReady(id);
    try {
      return decode(wait.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      wait.cancel(false);
      throw new TimeoutException(
          "timed out after " + timeout + " waiting for task " + label() + " (state " + state()
              + ")");
    } catch (InterruptedException e) {
      wait.cancel(false);
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for task " + label() + " failed", e.getCause());
    }
  }

  /**
   * Returns a future of the result that completes when the task finishes: normally with the
   * result, or exceptionally with {@link TaskFailedException} or {@link TaskRevokedException}.
   * Cancel it to stop waiting.
   */
  public CompletableFuture<R> future() {
    CompletableFuture<TaskResult> wait = app.backend().awaitReady(id);
    CompletableFuture<R> out = wait.thenApply(this::decode);
    out.whenComplete((r, e) -> {
      if (e instanceof CancellationException) {
        wait.cancel(false);
      }
    });
    return out;
  }

  /** Returns the result if the task succeeded, else null. Does not wait. */
  public @Nullable R result() {
    TaskResult r = record();
    return r != null && r.state() == TaskState.SUCCESS
        ? app.codec().<R>fromTree(r.result(), resultType)
        : null;
  }

  /** Returns why the task failed (or why it is being retried), else null. Does not wait. */
  public @Nullable TaskFailure failure() {
    TaskResult r = record();
    return r == null ? null : r.failure();
  }

  /** Returns the progress metadata last set with {@link TaskContext#updateState}, or null. */
  public @Nullable JsonNode info() {
    TaskResult r = record();
    return r == null ? null : r.meta();
  }

  /** Returns the progress metadata as a map (empty when there is none). */
  public Map<String, Object> progress() {
    return app.codec().toMap(info());
  }

  /**
   * Revokes the task: a worker that receives it skips it, one that runs it interrupts it, and
   * its state becomes REVOKED. The revocation is stored in the broker, so it survives worker
   * restarts.
   */
  public void revoke() {
    app.control().revoke(id);
  }

  private @Nullable R decode(TaskResult r) {
    return switch (r.state()) {
      case SUCCESS -> app.codec().fromTree(r.result(), resultType);
      case FAILURE -> throw new TaskFailedException(
          label(), r.failure() == null ? TaskFailure.of("unknown", "no failure recorded") : r.failure());
      default -> throw new TaskRevokedException(
          "task " + label() + " was revoked" + (r.failure() == null ? "" : ": " + r.failure().message()));
    };
  }

  private String label() {
    return name + "[" + id + "]";
  }

  @Override
  public String toString() {
    return "AsyncResult[" + label() + "]";
  }
}
