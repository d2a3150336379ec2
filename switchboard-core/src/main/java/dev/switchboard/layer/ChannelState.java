package dev.switchboard.layer;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One channel of the {@link InMemoryChannelLayer}: its queued messages with their deadlines, its
 * waiting receives and its process-local subscription.
 *
 * <p>Guarded by its own monitor: every method except the constructor and the volatile {@link
 * #listener} read must be called while holding {@code synchronized (state)}. The monitor is
 * only held for queue bookkeeping, never while a listener or a receive's callbacks run, except
 * during the hand-over in {@link ChannelTable#subscribe}.
 *
 * <p>Invariant: while a live (not yet completed) waiter exists, the queue is empty; senders hand
 * messages to waiters before they queue them.
 */
final class ChannelState {
  /** A queued message and the {@code nanoTime} at which it expires. */
  private record Queued(Message message, long deadline) {}

  /**
   * The queued messages and waiting receives. Held apart from the state, and only once something
   * queues or waits: a subscribed consumer's channel (the common case) never does, and thousands
   * of idle connections each keep such a state.
   */
  private static final class Backlog {
    final ArrayDeque<Queued> queue;
    final ArrayDeque<CompletableFuture<Message>> waiters;

    Backlog(int queueCapacity, int waiterCapacity) {
      queue = new ArrayDeque<>(queueCapacity);
      waiters = new ArrayDeque<>(waiterCapacity);
    }
  }

  // Shared by every state with nothing queued or waiting; never written to (see writable()).
  private static final Backlog EMPTY = new Backlog(0, 0);

  final String name;
  final int capacity;
  private Backlog backlog = EMPTY;

  /** The local subscription; written under the monitor. */
  @Nullable LocalSubscription subscription;

  /**
   * The local subscription's listener, null when there is none: written with {@link
   * #subscription} under the monitor, read by senders without it (one object less to load per
   * delivery than going through the subscription).
   */
  volatile @Nullable MessageListener listener;

  /** Set when the state left the channel table; a caller that finds it set looks up again. */
  boolean retired;

  ChannelState(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
  }

  /** Drops messages whose deadline has passed and returns how many were dropped. */
  int purgeExpired(long now) {
    int dropped = 0;
    ArrayDeque<Queued> queue = backlog.queue;
    for (Queued head; (head = queue.peekFirst()) != null && now - head.deadline >= 0; ) {
      queue.pollFirst();
      dropped++;
    }
    return dropped;
  }

  boolean isFull() {
    return backlog.queue.size() >= capacity;
  }

  void enqueue(Message message, long deadline) {
    writable().queue.addLast(new Queued(message, deadline));
  }

  @Nullable
  Message peek() {
    Queued head = backlog.queue.peekFirst();
    return head == null ? null : head.message;
  }

  @Nullable
  Message poll() {
    Queued head = backlog.queue.pollFirst();
    return head == null ? null : head.message;
  }

  /** Removes every queued message and returns how many there were. */
  int clearMessages() {
    int n = backlog.queue.size();
    if (n > 0) {
      backlog.queue.clear();
    }
    return n;
  }

  /** Removes and returns the oldest waiter that is still pending, or null if there is none. */
  @Nullable
  CompletableFuture<Message> pollWaiter() {
    ArrayDeque<CompletableFuture<Message>> waiters = backlog.waiters;
    for (CompletableFuture<Message> w; (w = waiters.pollFirst()) != null; ) {
      if (!w.isDone()) {
        return w;
      }
    }
    return null;
  }

  /** Adds a waiter behind the others, first forgetting waiters cancelled or timed out. */
  void addWaiter(CompletableFuture<Message> waiter) {
    dropDoneWaiters();
    writable().waiters.addLast(waiter);
  }

  /** Forgets waiters that completed without a message (cancelled or timed out by the caller). */
  void dropDoneWaiters() {
    if (!backlog.waiters.isEmpty()) {
      backlog.waiters.removeIf(CompletableFuture::isDone);
    }
  }

  /** Removes and returns every waiter, for closing the layer. */
  List<CompletableFuture<Message>> takeWaiters() {
    List<CompletableFuture<Message>> all = new ArrayList<>(backlog.waiters);
    if (!all.isEmpty()) {
      backlog.waiters.clear();
    }
    return all;
  }

  /** Returns whether the state holds nothing worth keeping: no message, waiter or subscriber. */
  boolean isIdle() {
    return backlog.queue.isEmpty() && backlog.waiters.isEmpty() && subscription == null;
  }

  int size() {
    return backlog.queue.size();
  }

  /** Returns this state's own backlog, in place of the shared empty one. */
  private Backlog writable() {
    if (backlog == EMPTY) {
      backlog = new Backlog(16, 4);
    }
    return backlog;
  }

  /** The {@link Subscription} handed out by {@link ChannelTable#subscribe}. */
  static final class LocalSubscription implements Subscription {
    private final ChannelState state;

    LocalSubscription(ChannelState state) {
      this.state = state;
    }

    @Override
    public void close() {
      synchronized (state) {
        // only this subscription's own slot: a later subscriber must not be removed
        if (state.subscription == this) {
          state.subscription = null;
          state.listener = null;
        }
      }
    }

    @Override
    public String toString() {
      return "Subscription[" + state.name + "]";
    }
  }
}
