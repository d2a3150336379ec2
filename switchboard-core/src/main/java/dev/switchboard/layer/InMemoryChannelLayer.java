package dev.switchboard.layer;

import dev.switchboard.Message;
import dev.switchboard.internal.DeliveryBatch;
import dev.switchboard.internal.DropLog;
import dev.switchboard.internal.LayerLifecycle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChannelLayer} that lives in one process's memory: for development, tests and
 * single-process deployments.
 *
 * <p>It keeps the whole contract of {@link ChannelLayer}: per-channel FIFO, at-most-once delivery,
 * message expiry, per-channel capacity, group membership expiry and the naming rules. Expired
 * messages and memberships are dropped whenever their channel or group is used, and a daemon
 * sweeper thread per layer drops those of abandoned channels and groups, so nothing leaks. Waiting
 * receives are served in the order they were made; a receive future cancelled by its caller never
 * swallows a message.
 *
 * <p>Local delivery is direct: a send or group send to a {@link #subscribe subscribed} channel
 * calls the listener on the sender's thread, with no queue, polling or extra thread in between. A
 * group send costs one loop over the members and no lock shared between members.
 *
 * <p>Semantics the interface leaves open:
 *
 * <ul>
 *   <li>{@link #flush()} drops every queued message and group membership; waiting receives and
 *       subscriptions are receivers, not data, so they stay and get messages sent afterwards.
 *   <li>A {@link #receive} on a subscribed channel takes messages still queued from before the
 *       subscription, then waits; it gets messages sent after the subscription is closed.
 *   <li>If a new subscriber refuses a queued message during the hand-over, that message and the
 *       ones behind it stay queued for {@link #receive} (or expire).
 *   <li>After {@link #close()} every operation fails with {@link IllegalStateException}: futures
 *       fail, {@link #subscribe} throws.
 * </ul>
 *
 * <p>Thread-safe; no method blocks.
 */
public final class InMemoryChannelLayer implements ChannelLayer {
  private static final Logger log = LoggerFactory.getLogger(InMemoryChannelLayer.class);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Duration MIN_SWEEP = Duration.ofMillis(100);
  private static final Duration MAX_SWEEP = Duration.ofSeconds(60);

  private final String id;
  private final LayerConfig config;
  private final LongSupplier clock;
  private final long groupExpiryNanos;
  private final LayerCounters counters = new LayerCounters();
  private final ChannelTable channels;
  private final GroupTable groups = new GroupTable();
  private final AtomicLong channelSeq = new AtomicLong();
  private final LayerLifecycle lifecycle;
  private final ScheduledExecutorService sweeper;
  private final DropLog drops;

  /** Creates a layer with {@link LayerConfig#DEFAULTS}. */
  public InMemoryChannelLayer() {
    this(LayerConfig.DEFAULTS);
  }

  /** Creates a layer with the given configuration and the system's monotonic clock. */
  public InMemoryChannelLayer(LayerConfig config) {
    this(config, System::nanoTime);
  }

  /**
   * Creates a layer that reads time from {@code nanoClock}, so tests can move time forward to check
   * expiry; the sweeper runs every {@link #defaultSweepInterval(LayerConfig)}.
   *
   * @param nanoClock a monotonic clock in nanoseconds, like {@code System::nanoTime}; only
   *     differences between its readings matter, and it may wrap around
   */
  public InMemoryChannelLayer(LayerConfig config, LongSupplier nanoClock) {
    this(config, nanoClock, defaultSweepInterval(config));
  }

  /**
   * Creates a layer that reads time from {@code nanoClock} and sweeps every {@code sweepInterval}
   * of real time.
   *
   * @param nanoClock a monotonic clock in nanoseconds, like {@code System::nanoTime}
   * @param sweepInterval how often the sweeper drops expired messages and memberships of abandoned
   *     channels and groups
   * @throws IllegalArgumentException if {@code sweepInterval} is not positive
   */
  public InMemoryChannelLayer(LayerConfig config, LongSupplier nanoClock, Duration sweepInterval) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweepInterval must be positive: " + sweepInterval);
    }
    this.id = randomChars(8);
    this.lifecycle = new LayerLifecycle(id);
    this.drops = new DropLog(log, id);
    this.groupExpiryNanos = saturatedNanos(config.groupExpiry());
    this.channels = new ChannelTable(config, clock, saturatedNanos(config.expiry()), counters);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("switchboard-layer-" + id + "-sweeper").factory());
    long every = Math.max(1, sweepInterval.toMillis());
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    log.debug("layer[{}] started, sweeping every {} ms", id, every);
  }

  /**
   * Returns the sweep interval used unless one is given: the shorter of the message and group
   * expiry, kept between 100 ms and 60 s.
   */
  public static Duration defaultSweepInterval(LayerConfig config) {
    Duration shortest =
        config.expiry().compareTo(config.groupExpiry()) <= 0
            ? config.expiry()
            : config.groupExpiry();
    if (shortest.compareTo(MIN_SWEEP) < 0) {
      return MIN_SWEEP;
    }
    return shortest.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : shortest;
  }

  @Override
  public CompletableFuture<Void> send(String channel, Message message) {
    Names.checkChannel(channel);
    Objects.requireNonNull(message, "message");
    if (lifecycle.isClosed()) {
      return lifecycle.refused("send");
    }
    if (!channels.deliver(channel, message)) {
      counters.sendRefusals.increment();
      return CompletableFuture.failedFuture(new ChannelFullException(channel, capacity(channel)));
    }
    counters.sent.increment();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Message> receive(String channel) {
    Names.checkChannel(channel);
    return channels.receive(channel);
  }

  @Override
  public String newChannel() {
    // The sequence number makes names unique; the random tail makes them hard to guess.
    return "specific."
        + id
        + "!"
        + Long.toString(channelSeq.incrementAndGet(), 36)
        + "_"
        + randomChars(10);
  }

  @Override
  public Subscription subscribe(String channel, MessageListener listener) {
    Names.checkChannel(channel);
    Objects.requireNonNull(listener, "listener");
    return channels.subscribe(channel, listener);
  }

  @Override
  public CompletableFuture<Void> groupAdd(String group, String channel) {
    Names.checkGroup(group);
    Names.checkChannel(channel);
    if (lifecycle.isClosed()) {
      return lifecycle.refused("groupAdd");
    }
    groups.add(group, channel, clock.getAsLong() + groupExpiryNanos);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> groupDiscard(String group, String channel) {
    Names.checkGroup(group);
    Names.checkChannel(channel);
    if (lifecycle.isClosed()) {
      return lifecycle.refused("groupDiscard");
    }
    groups.discard(group, channel);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> groupSend(String group, Message message) {
    Names.checkGroup(group);
    Objects.requireNonNull(message, "message");
    if (lifecycle.isClosed()) {
      return lifecycle.refused("groupSend");
    }
    counters.groupSends.increment();
    GroupTable.Member[] members = groups.members(group, channels::state);
    if (members != null) {
      // One batch for the fan-out: transports hand the members' writes to each event loop in
      // one task rather than one per member.
      try (DeliveryBatch batch = DeliveryBatch.open()) {
        deliverToMembers(group, members, message);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  private void deliverToMembers(String group, GroupTable.Member[] members, Message message) {
    long now = clock.getAsLong();
    for (GroupTable.Member m : members) {
      if (now - m.deadline() >= 0) {
        groups.expire(group, m.channel(), m.deadline());
      } else if (!channels.deliver(m.state(), m.channel(), message)) {
        counters.groupSendDrops.increment();
        drops.dropped(group, m.channel(), m.state().capacity, config.overflow());
      }
    }
  }

  @Override
  public int capacity(String channel) {
    return config.capacityOf(Names.checkChannel(channel));
  }

  @Override
  public CompletableFuture<Void> flush() {
    if (lifecycle.isClosed()) {
      return lifecycle.refused("flush");
    }
    groups.clear();
    channels.flush();
    log.debug("layer[{}] flushed", id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public LayerStats stats() {
    return counters.snapshot();
  }

  /**
   * Stops the sweeper and fails every waiting receive with an {@link IllegalStateException};
   * idempotent.
   */
  @Override
  public void close() {
    if (!lifecycle.close()) {
      return;
    }
    sweeper.shutdownNow();
    int failed = channels.close();
    groups.clear();
    log.debug("layer[{}] closed: {} waiting receives failed", id, failed);
  }

  /** Returns the number of channels that hold messages, waiting receives or a subscriber. */
  public int channelCount() {
    return channels.size();
  }

  /** Returns the number of groups that have at least one member. */
  public int groupCount() {
    return groups.size();
  }

  @Override
  public String toString() {
    return "InMemoryChannelLayer[" + id + "]";
  }

  private void sweep() {
    try {
      groups.sweep(clock.getAsLong());
      channels.sweep();
    } catch (RuntimeException e) {
      // a failing sweep must not cancel the schedule
      log.warn("layer[{}] sweep failed: {}", id, e.toString(), e);
    }
  }


  /** Converts to nanoseconds, capped so that {@code now + nanos} differences never overflow. */
  private static long saturatedNanos(Duration d) {
    return d.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) >= 0
        ? Long.MAX_VALUE / 4
        : d.toNanos();
  }

  private static String randomChars(int n) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
