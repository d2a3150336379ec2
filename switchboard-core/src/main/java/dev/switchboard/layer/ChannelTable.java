package dev.switchboard.layer;

import dev.switchboard.Message;
import dev.switchboard.layer.ChannelState.LocalSubscription;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The channels of an {@link InMemoryChannelLayer}: delivery to a subscriber, a waiting receive or
 * the queue, and the housekeeping (expiry sweeps, flush, close).
 *
 * <p>Each channel has its own lock ({@link ChannelState}); there is no table-wide lock. A state is
 * removed from the table only when idle, by the sweeper or a flush, and marked retired under its
 * lock, so a caller that raced with the removal looks the channel up again. Listeners and receive
 * callbacks always run outside the lock, except the hand-over of queued messages to a new
 * subscriber.
 */
final class ChannelTable {
  private final ConcurrentHashMap<String, ChannelState> states = new ConcurrentHashMap<>();
  private final Function<String, ChannelState> factory;
  private final LayerCounters counters;
  private final LongSupplier clock;
  private final long expiryNanos;
  private final boolean disconnectWhenFull;
  private volatile boolean closed;

  ChannelTable(LayerConfig config, LongSupplier clock, long expiryNanos, LayerCounters counters) {
    this.factory = name -> new ChannelState(name, config.capacityOf(name));
    this.clock = clock;
    this.expiryNanos = expiryNanos;
    this.counters = counters;
    this.disconnectWhenFull = config.overflow() == Overflow.DISCONNECT;
  }

  /** Returns the channel's state, creating it if needed: a hint for {@link #deliver}. */
  ChannelState state(String channel) {
    ChannelState s = states.get(channel);
    return s != null ? s : states.computeIfAbsent(channel, factory);
  }

  /**
   * Hands a message to the channel's subscriber, else to its oldest waiting receive, else queues
   * it.
   *
   * @return false if the subscriber refused it or the queue is at capacity
   */
  boolean deliver(String channel, Message message) {
    return deliver(state(channel), channel, message);
  }

  /**
   * Like {@link #deliver(String, Message)}, starting from {@code hint}, the channel's state as
   * looked up earlier (a group's member list keeps it): a hint retired since is looked up again.
   */
  boolean deliver(ChannelState hint, String channel, Message message) {
    ChannelState s = hint;
    for (; ; s = state(channel)) {
      MessageListener listener = s.listener;
      CompletableFuture<Message> waiter = null;
      if (listener == null) {
        synchronized (s) {
          if (s.retired) {
            continue;
          }
          listener = s.listener;
          if (listener == null) {
            long now = clock.getAsLong();
            countExpired(s.purgeExpired(now));
            waiter = s.pollWaiter();
            if (waiter == null) {
              if (s.isFull()) {
                return false;
              }
              s.enqueue(message, now + expiryNanos);
              return true;
            }
          }
        }
      }
      if (listener != null) {
        if (!listener.offer(message)) {
          if (disconnectWhenFull) {
            listener.overflowed(channel, s.capacity);
          }
          return false;
        }
        counters.delivered.increment();
        return true;
      }
      // Completed outside the lock: the receiver's callbacks may call back into the layer.
      if (waiter.complete(message)) {
        counters.delivered.increment();
        return true;
      }
      // The waiter was cancelled after we took it; the message goes to the next one or the queue.
    }
  }

  /** Returns the oldest unexpired message of a channel, or a future completed by a later send. */
  CompletableFuture<Message> receive(String channel) {
    for (; ; ) {
      ChannelState s = state(channel);
      synchronized (s) {
        if (s.retired) {
          continue;
        }
        if (closed) {
          return CompletableFuture.failedFuture(closedException(channel));
        }
        countExpired(s.purgeExpired(clock.getAsLong()));
        Message m = s.poll();
        if (m != null) {
          counters.delivered.increment();
          return CompletableFuture.completedFuture(m);
        }
        CompletableFuture<Message> waiter = new CompletableFuture<>();
        s.addWaiter(waiter);
        return waiter;
      }
    }
  }

  /** Subscribes {@code listener}, first handing it the queued messages in order. */
  Subscription subscribe(String channel, MessageListener listener) {
    for (; ; ) {
      ChannelState s = state(channel);
      synchronized (s) {
        if (s.retired) {
          continue;
        }
        if (closed) {
          throw new IllegalStateException(
              "channel layer is closed: cannot subscribe to '" + channel + "'");
        }
        if (s.subscription != null) {
          throw new IllegalStateException(
              "channel '"
                  + channel
                  + "' already has a subscriber; close it before subscribing again");
        }
        countExpired(s.purgeExpired(clock.getAsLong()));
        // Under the lock, so no send overtakes the queued messages; offer() must not block.
        for (Message m; (m = s.peek()) != null && listener.offer(m); ) {
          s.poll();
          counters.delivered.increment();
        }
        LocalSubscription sub = new LocalSubscription(s);
        s.subscription = sub;
        s.listener = listener;
        return sub;
      }
    }
  }

  /** Drops expired messages and forgotten waiters, and removes idle channels. */
  void sweep() {
    long now = clock.getAsLong();
    for (ChannelState s : states.values()) {
      synchronized (s) {
        countExpired(s.purgeExpired(now));
        s.dropDoneWaiters();
        retireIfIdle(s);
      }
    }
  }

  /** Drops every queued message; waiting receives and subscriptions stay. */
  void flush() {
    for (ChannelState s : states.values()) {
      synchronized (s) {
        s.clearMessages();
        s.dropDoneWaiters();
        retireIfIdle(s);
      }
    }
  }

  /**
   * Refuses further receives and fails the waiting ones.
   *
   * @return how many waiting receives were failed
   */
  int close() {
    closed = true;
    int failed = 0;
    for (ChannelState s : states.values()) {
      List<CompletableFuture<Message>> waiters;
      synchronized (s) {
        waiters = s.takeWaiters();
        s.clearMessages();
      }
      for (CompletableFuture<Message> w : waiters) {
        if (w.completeExceptionally(closedException(s.name))) {
          failed++;
        }
      }
    }
    return failed;
  }

  /** Returns the number of channels holding messages, waiting receives or a subscriber. */
  int size() {
    return states.size();
  }

  private void retireIfIdle(ChannelState s) {
    if (s.isIdle()) {
      s.retired = true;
      states.remove(s.name, s);
    }
  }

  private void countExpired(int n) {
    if (n > 0) {
      counters.expired.add(n);
    }
  }

  static IllegalStateException closedException(String channel) {
    return new IllegalStateException(
        "channel layer is closed: receive on channel '" + channel + "' will never complete");
  }
}
