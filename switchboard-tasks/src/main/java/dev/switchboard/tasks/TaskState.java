package dev.switchboard.tasks;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of a task, with the one table of legal transitions that every result backend
 * enforces.
 *
 * <p>A task is {@link #PENDING} until a worker records something about it; {@link #SUCCESS},
 * {@link #FAILURE} and {@link #REVOKED} are terminal. Because delivery is at-least-once, a task
 * whose worker died may be {@link #RECEIVED} or {@link #STARTED} again after {@link #STARTED} or
 * {@link #PROGRESS}; a terminal state is never left, which is also what stops a redelivered task
 * that already finished from running twice.
 *
 * <table>
 *   <caption>Transitions</caption>
 *   <tr><th>from</th><th>to</th></tr>
 *   <tr><td>PENDING</td><td>RECEIVED, STARTED, FAILURE, REVOKED</td></tr>
 *   <tr><td>RECEIVED</td><td>RECEIVED, STARTED, FAILURE, REVOKED</td></tr>
 *   <tr><td>STARTED, PROGRESS</td><td>RECEIVED, STARTED, PROGRESS, RETRY, SUCCESS, FAILURE,
 *       REVOKED</td></tr>
 *   <tr><td>RETRY</td><td>RECEIVED, STARTED, FAILURE, REVOKED</td></tr>
 *   <tr><td>SUCCESS, FAILURE, REVOKED</td><td>none</td></tr>
 * </table>
 */
public enum TaskState {
  /** Unknown to the backend: queued, waiting for its countdown, or never sent. */
  PENDING,
  /** Taken by a worker, not started yet (waiting for a rate-limit token or a free slot). */
  RECEIVED,
  /** Running on a worker. */
  STARTED,
  /** Running, and it reported progress metadata with {@code updateState}. */
  PROGRESS,
  /** Failed and scheduled to run again. */
  RETRY,
  /** Finished with a result. Terminal. */
  SUCCESS,
  /** Finished with an error. Terminal. */
  FAILURE,
  /** Revoked (or expired) before it finished. Terminal. */
  REVOKED;

  private static final Map<TaskState, Set<TaskState>> NEXT = new EnumMap<>(TaskState.class);
  private static final Map<TaskState, Set<TaskState>> PREVIOUS = new EnumMap<>(TaskState.class);

  static {
    Set<TaskState> running =
        EnumSet.of(RECEIVED, STARTED, PROGRESS, RETRY, SUCCESS, FAILURE, REVOKED);
    NEXT.put(PENDING, EnumSet.of(RECEIVED, STARTED, FAILURE, REVOKED));
    NEXT.put(RECEIVED, EnumSet.of(RECEIVED, STARTED, FAILURE, REVOKED));
    NEXT.put(STARTED, running);
    NEXT.put(PROGRESS, running);
    NEXT.put(RETRY, EnumSet.of(RECEIVED, STARTED, FAILURE, REVOKED));
    NEXT.put(SUCCESS, EnumSet.noneOf(TaskState.class));
    NEXT.put(FAILURE, EnumSet.noneOf(TaskState.class));
    NEXT.put(REVOKED, EnumSet.noneOf(TaskState.class));
    for (TaskState to : values()) {
      EnumSet<TaskState> from = EnumSet.noneOf(TaskState.class);
      for (TaskState f : values()) {
        if (NEXT.get(f).contains(to)) {
          from.add(f);
        }
      }
      PREVIOUS.put(to, Collections.unmodifiableSet(from));
    }
    NEXT.replaceAll((k, v) -> Collections.unmodifiableSet(v));
  }

  /** Returns whether the table allows a task in this state to move to {@code next}. */
  public boolean canTransitionTo(TaskState next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns the states this one may move to, unmodifiable. */
  public Set<TaskState> next() {
    return NEXT.get(this);
  }

  /** Returns the states from which a task may move to this one, unmodifiable. */
  public Set<TaskState> previous() {
    return PREVIOUS.get(this);
  }

  /** Returns whether this state is terminal: SUCCESS, FAILURE or REVOKED. */
  public boolean isReady() {
    return this == SUCCESS || this == FAILURE || this == REVOKED;
  }
}
