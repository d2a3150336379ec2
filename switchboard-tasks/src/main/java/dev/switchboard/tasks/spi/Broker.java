package dev.switchboard.tasks.spi;

import dev.switchboard.tasks.WorkerInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where task messages wait for workers: queues with priorities, delayed delivery, leases,
 * revocations, dead letters and worker heartbeats. Implementations: {@code InMemoryBroker} (one
 * process) and {@code RedisBroker} (switchboard-redis); both pass {@code BrokerContract}.
 *
 * <p>Guarantees every implementation gives:
 *
 * <ul>
 *   <li>At-least-once: a message is removed only by {@link Delivery#ack()} (or {@link
 *       Delivery#reject} without requeue, or {@link Delivery#deadLetter}); a consumer that dies
 *       holding it loses its lease and the message is delivered again.
 *   <li>Leases: a delivery is held for {@link #lease()} and renewed by {@link
 *       Delivery#extendLease()}; a live holder that keeps renewing is never overtaken, however
 *       long the task runs.
 *   <li>Delayed messages ({@link Envelope#etaMillis()} in the future) wait inside the broker, not
 *       in any consumer's memory, and are delivered once when due.
 *   <li>Priorities: among due messages of one queue, higher priority goes first.
 * </ul>
 *
 * <p>Methods are thread-safe and do not block; results complete when the broker has done it.
 */
public interface Broker extends AutoCloseable {

  /** Publishes one message; a future ETA makes it wait in the broker until due. */
  CompletableFuture<Void> publish(Envelope envelope);

  /** Publishes several messages, batched where the broker can. */
  default CompletableFuture<Void> publishAll(List<Envelope> envelopes) {
    return CompletableFuture.allOf(
        envelopes.stream().map(this::publish).toArray(CompletableFuture<?>[]::new));
  }

  /**
   * Starts delivering messages of {@code queues} to {@code handler}.
   *
   * <p>Backpressure: at most {@code prefetch} deliveries are held (handed out and not settled)
   * at once; the broker fetches more as deliveries are settled, never by polling on a timer.
   *
   * @param consumerName this consumer's name, unique among live consumers (the worker id)
   * @param queues the queues, each checked by {@link Envelope#checkQueue}
   * @param prefetch the most unsettled deliveries at once, at least 1
   * @param handler called for each delivery
   * @return the registration; close it to stop fetching
   */
  Consumption consume(
      String consumerName, List<String> queues, int prefetch, DeliveryHandler handler);

  /**
   * Checks the arguments of {@link #consume}, for implementations.
   *
   * @return an immutable copy of {@code queues}
   * @throws IllegalArgumentException if no queue is named, a queue name is invalid, or {@code
   *     prefetch} is below 1
   */
  static List<String> checkConsume(
      String consumerName, List<String> queues, int prefetch, DeliveryHandler handler) {
    java.util.Objects.requireNonNull(consumerName, "consumerName");
    java.util.Objects.requireNonNull(handler, "handler");
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("queues must name at least one queue");
    }
    queues.forEach(Envelope::checkQueue);
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch must be at least 1: " + prefetch);
    }
    return List.copyOf(queues);
  }

  /** Renews the leases of several deliveries from this broker, batched where possible. */
  default CompletableFuture<Void> extendLeases(Collection<? extends Delivery> deliveries) {
    return CompletableFuture.allOf(
        deliveries.stream().map(Delivery::extendLease).toArray(CompletableFuture<?>[]::new));
  }

  /** Returns how long a delivery stays leased without renewal. */
  Duration lease();

  /**
   * Records that task {@code taskId} is revoked, for {@code ttl}; the record survives worker
   * restarts and is announced to every {@link #watchRevoked} listener.
   */
  CompletableFuture<Void> revoke(String taskId, Duration ttl);

  /**
   * Calls {@code listener} with every task id currently revoked, then with each new revocation,
   * until the returned handle is closed. Calls may come from any thread.
   */
  AutoCloseable watchRevoked(Consumer<String> listener);

  /** Returns up to {@code max} dead letters, oldest first. */
  CompletableFuture<List<DeadLetter>> deadLetters(int max);

  /** Returns how many due messages of {@code queue} wait for delivery (delayed ones excluded). */
  CompletableFuture<Long> size(String queue);

  /** Returns how many messages wait for their ETA, over all queues. */
  CompletableFuture<Long> delayedSize();

  /** Stores a worker's heartbeat, visible to {@link #workers()} for {@code ttl}. */
  CompletableFuture<Void> heartbeat(WorkerInfo info, Duration ttl);

  /** Removes a worker's heartbeat (a clean shutdown). */
  CompletableFuture<Void> forgetWorker(String workerId);

  /** Returns the workers whose heartbeat has not expired. */
  CompletableFuture<List<WorkerInfo>> workers();

  /**
   * Releases this client's resources: consumptions stop, leases are no longer renewed (held
   * deliveries are reclaimed by others when they lapse).
   */
  @Override
  void close();
}
