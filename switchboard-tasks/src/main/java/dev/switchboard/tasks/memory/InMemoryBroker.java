package dev.switchboard.tasks.memory;

import dev.switchboard.tasks.WorkerInfo;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.DeliveryHandler;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A broker in this process's memory, the embedded default: exact priorities per queue, delayed
 * messages on a timer, leases reaped on a timer, revocations and heartbeats with expiry. Messages
 * are lost when the process exits; use the Redis broker for anything that must survive that.
 */
public final class InMemoryBroker implements Broker {
  /** The default lease: how long a delivery stays held without renewal. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  private final Duration lease;
  private final MemoryQueues queues;
  private final ScheduledExecutorService timer;
  private final Map<String, Long> revoked = new ConcurrentHashMap<>();
  private final List<Consumer<String>> revokeListeners = new CopyOnWriteArrayList<>();
  private final Map<String, Beat> beats = new ConcurrentHashMap<>();

  private record Beat(WorkerInfo info, long expiresAtMillis) {}

  /** Creates a broker with the {@link #DEFAULT_LEASE}. */
  public InMemoryBroker() {
    this(DEFAULT_LEASE);
  }

  /**
   * Creates a broker whose deliveries stay leased for {@code lease} without renewal.
   *
   * @throws IllegalArgumentException if {@code lease} is shorter than 10 ms
   */
  public InMemoryBroker(Duration lease) {
    if (lease.toMillis() < 10) {
      throw new IllegalArgumentException("lease must be at least 10 ms: " + lease);
    }
    this.lease = lease;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sb-memory-broker-timer");
              t.setDaemon(true);
              return t;
            });
    this.queues = new MemoryQueues(lease);
    long period = Math.max(5, lease.toMillis() / 4);
    timer.scheduleAtFixedRate(queues::reapLapsedLeases, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Void> publish(Envelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    long delay = envelope.etaMillis() - System.currentTimeMillis();
    if (delay > 0) {
      queues.delayedAdded();
      timer.schedule(() -> queues.promote(envelope), delay, TimeUnit.MILLISECONDS);
    } else {
      queues.enqueue(envelope);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Consumption consume(
      String consumerName, List<String> queueNames, int prefetch, DeliveryHandler handler) {
    List<String> checked = Broker.checkConsume(consumerName, queueNames, prefetch, handler);
    return queues.register(consumerName, checked, prefetch, handler);
  }

  @Override
  public Duration lease() {
    return lease;
  }

  @Override
  public CompletableFuture<Void> revoke(String taskId, Duration ttl) {
    Objects.requireNonNull(taskId, "taskId");
    revoked.put(taskId, System.currentTimeMillis() + ttl.toMillis());
    revokeListeners.forEach(l -> l.accept(taskId));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public AutoCloseable watchRevoked(Consumer<String> listener) {
    Objects.requireNonNull(listener, "listener");
    revokeListeners.add(listener);
    long now = System.currentTimeMillis();
    revoked.entrySet().removeIf(e -> e.getValue() < now);
    revoked.keySet().forEach(listener);
    return () -> revokeListeners.remove(listener);
  }

  @Override
  public CompletableFuture<List<DeadLetter>> deadLetters(int max) {
    return CompletableFuture.completedFuture(queues.deadLetters(max));
  }

  @Override
  public CompletableFuture<Long> size(String queue) {
    return CompletableFuture.completedFuture(queues.size(Envelope.checkQueue(queue)));
  }

  @Override
  public CompletableFuture<Long> delayedSize() {
    return CompletableFuture.completedFuture(queues.delayedSize());
  }

  @Override
  public CompletableFuture<Void> heartbeat(WorkerInfo info, Duration ttl) {
    beats.put(info.id(), new Beat(info, System.currentTimeMillis() + ttl.toMillis()));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> forgetWorker(String workerId) {
    beats.remove(workerId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<List<WorkerInfo>> workers() {
    long now = System.currentTimeMillis();
    beats.values().removeIf(b -> b.expiresAtMillis() < now);
    List<WorkerInfo> live = new ArrayList<>();
    beats.values().forEach(b -> live.add(b.info()));
    live.sort((a, b) -> a.id().compareTo(b.id()));
    return CompletableFuture.completedFuture(live);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    queues.closeAll();
  }
}
