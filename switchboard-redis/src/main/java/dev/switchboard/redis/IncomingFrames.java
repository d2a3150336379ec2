package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.internal.DropLog;
import dev.switchboard.layer.InMemoryChannelLayer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives at this process and its own memberships: the frames of its receiver (messages for
 * its channels, group messages for its members, joins and leaves requested by other processes),
 * local group joins and leaves, and the decoding of messages popped from lists.
 *
 * <p>Frames are handled on the receiver's I/O thread, in arrival order; local delivery never
 * blocks (subscribers' {@code offer} must not block).
 */
final class IncomingFrames {
  private static final Logger log = LoggerFactory.getLogger(IncomingFrames.class);

  private final String process;
  private final InMemoryChannelLayer local;
  private final LocalGroups groups;
  private final LayerCommands redis;
  private final MessageCodec codec;
  private final Counters counters;
  private final long groupExpiryNanos;
  private final DropLog drops;

  IncomingFrames(
      String process,
      InMemoryChannelLayer local,
      LocalGroups groups,
      LayerCommands redis,
      MessageCodec codec,
      Counters counters,
      long groupExpiryNanos) {
    this.process = process;
    this.local = local;
    this.groups = groups;
    this.redis = redis;
    this.codec = codec;
    this.counters = counters;
    this.groupExpiryNanos = groupExpiryNanos;
    this.drops = new DropLog(log, process);
  }

  /** Takes one frame from the receiver. */
  void frame(byte[] bytes) {
    Frames.Frame f = Frames.parse(bytes);
    switch (f.kind()) {
      case Frames.CHANNEL -> {
        Message m = live(f);
        if (m != null && isMine(f.name()) && local.send(f.name(), m).isCompletedExceptionally()) {
          // the sender was told its send succeeded once Redis took it: report the drop here
          counters.remoteRefusals.increment();
          counters.sendRefusals.increment();
          drops.dropped(null, f.name(), local.capacity(f.name()), "DROP");
        }
      }
      case Frames.GROUP -> {
        Message m = live(f);
        if (m != null) {
          local.groupSend(f.name(), m);
        }
      }
      case Frames.JOIN -> {
        String channel = f.payloadAscii();
        if (isMine(channel)) {
          join(f.name(), channel).exceptionally(e -> logFailure("join of " + channel, e));
        }
      }
      case Frames.LEAVE -> {
        String channel = f.payloadAscii();
        if (isMine(channel)) {
          leave(f.name(), channel).exceptionally(e -> logFailure("leave of " + channel, e));
        }
      }
      default -> throw new IllegalArgumentException("unknown frame kind " + (char) f.kind());
    }
  }

  /**
   * Adds one of this process's channels to a group: locally, and this process's lease in Redis.
   * The local table is the membership; the lease only routes group sends here, and is renewed by
   * the heartbeat and re-announced after a reconnect. So while Redis is unreachable the join
   * still succeeds (new sockets can join rooms and hear this process's own members), and the
   * lease follows when Redis is back.
   */
  CompletableFuture<Void> join(String group, String channel) {
    AtomicReference<CompletableFuture<Void>> announced = new AtomicReference<>();
    groups.add(
        group,
        channel,
        System.nanoTime() + groupExpiryNanos,
        () -> {
          local.groupAdd(group, channel);
          announced.set(redis.announce(group, process));
        });
    return announced.get().exceptionally(e -> leaseLater("join of '" + group + "'", e));
  }

  /**
   * Removes one of this process's channels from a group; the last one withdraws the lease. While
   * Redis is unreachable the leave still succeeds; the lease then lapses by itself.
   */
  CompletableFuture<Void> leave(String group, String channel) {
    AtomicReference<CompletableFuture<Void>> withdrawn =
        new AtomicReference<>(CompletableFuture.completedFuture(null));
    local.groupDiscard(group, channel);
    groups.discard(group, channel, () -> withdrawn.set(redis.withdraw(group)));
    return withdrawn.get().exceptionally(e -> leaseLater("leave of '" + group + "'", e));
  }

  private Void leaseLater(String what, Throwable error) {
    Throwable e =
        error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
    if (e instanceof RedisUnavailableException) {
      log.debug(
          "layer[{}] {} recorded locally; the lease follows when Redis is back: {}",
          process,
          what,
          e.getMessage());
      return null;
    }
    throw e instanceof RuntimeException r ? r : new CompletionException(e);
  }

  /** Decodes list items for {@link ListReceiver}s and counts what they report. */
  ListReceiver.Sink listSink() {
    return new ListReceiver.Sink() {
      @Override
      public Message decode(byte[] item, int offset) {
        return codec.decode(item, offset);
      }

      @Override
      public void delivered(int n) {
        counters.listDelivered.add(n);
      }

      @Override
      public void expired() {
        counters.expired.increment();
      }

      @Override
      public void undecodable(String channel, RuntimeException e) {
        IncomingFrames.this.undecodable("channel '" + channel + "'", e);
      }
    };
  }

  /** Returns the frame's message, or null if it expired in transit or cannot be decoded. */
  private @Nullable Message live(Frames.Frame f) {
    if (f.deadline() <= System.currentTimeMillis()) {
      counters.expired.increment();
      return null;
    }
    try {
      return codec.decode(f.bytes(), f.payloadOffset());
    } catch (RuntimeException e) {
      undecodable("'" + f.name() + "'", e);
      return null;
    }
  }

  private void undecodable(String where, RuntimeException e) {
    counters.undecodable.increment();
    long n = counters.undecodable.sum();
    // 1st, 2nd, 4th, 8th...: a wrong key does not flood the log
    if (Long.bitCount(n) == 1) {
      log.warn("layer[{}] dropped a message for {} ({} so far): {}", process, where, n, e.getMessage());
    }
  }

  private boolean isMine(String channel) {
    int bang = channel.indexOf('!');
    return bang > 0 && channel.regionMatches(0, process, 0, bang) && bang == process.length();
  }

  private Void logFailure(String what, Throwable e) {
    log.warn("layer[{}] {} failed: {}", process, what, e.toString());
    return null;
  }
}
