package dev.switchboard.tasks.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where task states and results are kept: {@code InMemoryResultBackend} (one process) and {@code
 * RedisResultBackend} (switchboard-redis); both pass {@code ResultBackendContract}.
 *
 * <ul>
 *   <li>Every write is checked against {@link TaskState#canTransitionTo}, atomically with the
 *       read of the current state: an illegal transition is refused, not applied.
 *   <li>Records expire {@link #ttl()} after their last write (default one day).
 *   <li>{@link #awaitReady} completes on a notification from the write, not by polling; a
 *       backend whose notifications can be lost (Redis pub/sub) may also re-read the records of
 *       waited-for tasks now and then, so a lost notification delays a result, never hangs it.
 *   <li>Chord completion is counted atomically and idempotently (a member counted twice counts
 *       once).
 * </ul>
 *
 * <p>Methods are thread-safe and do not block.
 */
public interface ResultBackend extends AutoCloseable {
  /** The default time a record is kept after its last write. */
  Duration DEFAULT_TTL = Duration.ofDays(1);

  /**
   * Writes {@code result} if its state may follow the stored one ({@link TaskState#PENDING} when
   * nothing is stored), and notifies waiters when the new state is ready.
   *
   * @return whether it was written, and the state before
   */
  CompletableFuture<StoreOutcome> store(TaskResult result);

  /** Returns the record of task {@code id}, or null when there is none (PENDING or expired). */
  CompletableFuture<@Nullable TaskResult> get(String id);

  /**
   * Returns a future that completes with the record of task {@code id} once it is in a ready
   * state (at once if it already is). Cancelling the future stops the wait and frees what it
   * held.
   */
  CompletableFuture<TaskResult> awaitReady(String id);

  /**
   * Records that member {@code index} of chord {@code chordId} finished with {@code result}.
   *
   * @param size the number of members
   * @return the count; with the results when the caller must enqueue the callback (the chord is
   *     complete and not yet {@link #chordDispatched dispatched})
   */
  CompletableFuture<ChordProgress> chordPartDone(
      String chordId, int index, int size, @Nullable JsonNode result);

  /** Marks the chord's callback as enqueued, so no later caller dispatches it again. */
  CompletableFuture<Void> chordDispatched(String chordId);

  /**
   * Marks the chord failed.
   *
   * @return true for the first caller only: the one that must fail the callback
   */
  CompletableFuture<Boolean> chordFailed(String chordId);

  /** Deletes the record of task {@code id}. */
  CompletableFuture<Void> forget(String id);

  /** Returns how long records are kept after their last write. */
  Duration ttl();

  /** Releases resources; pending {@link #awaitReady} futures fail. */
  @Override
  void close();
}
