package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import java.util.Objects;

/**
 * What a result backend records about one task: its state and, depending on the state, its
 * result, progress metadata or failure, with the times that the worker saw.
 *
 * <p>Times are microseconds since the epoch (0 when unknown), so latency can be measured across
 * processes on one host.
 *
 * @param id the task id
 * @param name the task name
 * @param state the state
 * @param result the JSON result when {@link TaskState#SUCCESS}, else null
 * @param meta progress metadata set by {@code updateState}, or null
 * @param failure why it failed, for {@link TaskState#FAILURE} and {@link TaskState#RETRY}
 * @param retries how many times it was retried so far
 * @param worker the id of the worker that last handled it, or null
 * @param sentMicros when the task was sent
 * @param startedMicros when it last started
 * @param doneMicros when it reached a terminal state
 */
public record TaskResult(
    String id,
    String name,
    TaskState state,
    @Nullable JsonNode result,
    @Nullable JsonNode meta,
    @Nullable TaskFailure failure,
    int retries,
    @Nullable String worker,
    long sentMicros,
    long startedMicros,
    long doneMicros) {

  /** Checks the parts. */
  public TaskResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
  }

  /** Returns a record of {@code id} in {@code state} with nothing else known. */
  public static TaskResult of(String id, String name, TaskState state) {
    return new TaskResult(id, name, state, null, null, null, 0, null, 0, 0, 0);
  }

  /** Returns a copy in {@code newState}. */
  public TaskResult withState(TaskState newState) {
    return new TaskResult(
        id, name, newState, result, meta, failure, retries, worker, sentMicros, startedMicros,
        doneMicros);
  }

  /** Returns a copy with progress metadata. */
  public TaskResult withMeta(TaskState newState, @Nullable JsonNode newMeta) {
    return new TaskResult(
        id, name, newState, result, newMeta, failure, retries, worker, sentMicros, startedMicros,
        doneMicros);
  }

  /** Returns a copy that finished with {@code value} at {@code micros}. */
  public TaskResult succeeded(@Nullable JsonNode value, long micros) {
    return new TaskResult(
        id, name, TaskState.SUCCESS, value, meta, null, retries, worker, sentMicros,
        startedMicros, micros);
  }

  /** Returns a copy in {@code newState} (FAILURE, RETRY or REVOKED) because of {@code why}. */
  public TaskResult failed(TaskState newState, TaskFailure why, long micros) {
    return new TaskResult(
        id, name, newState, null, meta, why, retries, worker, sentMicros, startedMicros,
        newState.isReady() ? micros : 0);
  }

  /** Returns a copy started by {@code workerId} at {@code micros}, after {@code retryCount} retries. */
  public TaskResult started(String workerId, int retryCount, long sent, long micros) {
    return new TaskResult(
        id, name, TaskState.STARTED, null, null, null, retryCount, workerId, sent, micros, 0);
  }
}
