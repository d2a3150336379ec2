package dev.switchboard.tasks.memory;

import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.DeliveryHandler;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of an {@link InMemoryBroker}: ready messages per queue, held deliveries with their
 * lease deadlines, consumers with their credit, and dead letters, all under one lock.
 *
 * <p>Handlers are called under the lock (they must not block, per {@link DeliveryHandler}), which
 * is what lets {@link Consumption#close()} promise that no delivery follows it. A handler that
 * settles synchronously re-enters the lock; the guard {@code pumping} keeps that from recursing.
 */
final class MemoryQueues {
  private static final Comparator<Entry> ORDER =
      Comparator.comparingInt((Entry e) -> -e.envelope.priority()).thenComparingLong(e -> e.seq);
  private static final int MAX_DEAD_LETTERS = 10_000;

  private final long leaseNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PriorityQueue<Entry>> ready = new HashMap<>();
  private final Map<Long, Held> held = new LinkedHashMap<>();
  private final List<Registration> consumers = new ArrayList<>();
  private final ArrayDeque<DeadLetter> dead = new ArrayDeque<>();
  private long seq;
  private long delayed;
  private int nextConsumer;
  private boolean pumping;

  /** A message waiting in a queue. */
  private record Entry(Envelope envelope, long seq, boolean redelivered) {}

  /** A delivery handed out and not settled. */
  private static final class Held {
    final Entry entry;
    final Registration owner;
    long deadline;

    Held(Entry entry, Registration owner, long deadline) {
      this.entry = entry;
      this.owner = owner;
      this.deadline = deadline;
    }
  }

  /** One consumer: its queues, its credit, its handler. */
  private final class Registration implements Consumption {
    final List<String> queues;
    final int prefetch;
    final DeliveryHandler handler;
    int holding;
    boolean closed;

    Registration(List<String> queues, int prefetch, DeliveryHandler handler) {
      this.queues = queues;
      this.prefetch = prefetch;
      this.handler = handler;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        closed = true;
        consumers.remove(this);
      } finally {
        lock.unlock();
      }
    }
  }

  MemoryQueues(Duration lease) {
    this.leaseNanos = lease.toNanos();
  }

  Consumption register(
      String name, List<String> queues, int prefetch, DeliveryHandler handler) {
    Registration r = new Registration(queues, prefetch, handler);
    lock.lock();
    try {
      consumers.add(r);
      pump();
    } finally {
      lock.unlock();
    }
    return r;
  }

  void enqueue(Envelope envelope) {
    lock.lock();
    try {
      add(new Entry(envelope, seq++, false));
      pump();
    } finally {
      lock.unlock();
    }
  }

  void delayedAdded() {
    lock.lock();
    try {
      delayed++;
    } finally {
      lock.unlock();
    }
  }

  /** Moves a delayed message that fell due into its queue. */
  void promote(Envelope envelope) {
    lock.lock();
    try {
      delayed--;
      add(new Entry(envelope, seq++, false));
      pump();
    } finally {
      lock.unlock();
    }
  }

  private void add(Entry e) {
    ready.computeIfAbsent(e.envelope.queue(), q -> new PriorityQueue<>(ORDER)).add(e);
  }

  /** Hands ready messages to consumers with credit, round robin, until neither is left. */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      boolean progress = true;
      while (progress && !consumers.isEmpty()) {
        progress = false;
        for (int i = 0; i < consumers.size(); i++) {
          Registration r = consumers.get((nextConsumer + i) % consumers.size());
          if (r.closed || r.holding >= r.prefetch) {
            continue;
          }
          Entry e = best(r.queues);
          if (e == null) {
            continue;
          }
          long token = seq++;
          held.put(token, new Held(e, r, System.nanoTime() + leaseNanos));
          r.holding++;
          nextConsumer = (nextConsumer + i + 1) % consumers.size();
          r.handler.onDelivery(new MemoryDelivery(this, token, e.envelope, e.redelivered));
          progress = true;
          break;
        }
      }
    } finally {
      pumping = false;
    }
  }

  /** Removes and returns the highest-priority, oldest message among {@code queues}. */
  private Entry best(List<String> queues) {
    PriorityQueue<Entry> from = null;
    for (String q : queues) {
      PriorityQueue<Entry> pq = ready.get(q);
      if (pq != null && !pq.isEmpty() && (from == null || ORDER.compare(pq.peek(), from.peek()) < 0)) {
        from = pq;
      }
    }
    return from == null ? null : from.poll();
  }

  /** Settles a delivery: ack, reject (with or without requeue) or dead letter. */
  CompletableFuture<Void> settle(long token, boolean requeue, String deadReason) {
    lock.lock();
    try {
      Held h = held.remove(token);
      if (h != null) {
        h.owner.holding--;
        if (requeue) {
          add(new Entry(h.entry.envelope, h.entry.seq, true));
        } else if (deadReason != null) {
          if (dead.size() == MAX_DEAD_LETTERS) {
            dead.removeFirst();
          }
          dead.addLast(
              new DeadLetter(
                  h.entry.envelope.queue(), h.entry.envelope.body(), deadReason,
                  System.currentTimeMillis()));
        }
        pump();
      }
    } finally {
      lock.unlock();
    }
    return CompletableFuture.completedFuture(null);
  }

  CompletableFuture<Void> extend(long token) {
    lock.lock();
    try {
      Held h = held.get(token);
      if (h != null) {
        h.deadline = System.nanoTime() + leaseNanos;
      }
    } finally {
      lock.unlock();
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Returns lapsed deliveries to their queues, marked redelivered. */
  void reapLapsedLeases() {
    lock.lock();
    try {
      long now = System.nanoTime();
      Iterator<Held> it = held.values().iterator();
      boolean any = false;
      while (it.hasNext()) {
        Held h = it.next();
        if (now - h.deadline > 0) {
          it.remove();
          h.owner.holding--;
          add(new Entry(h.entry.envelope, h.entry.seq, true));
          any = true;
        }
      }
      if (any) {
        pump();
      }
    } finally {
      lock.unlock();
    }
  }

  List<DeadLetter> deadLetters(int max) {
    lock.lock();
    try {
      return dead.stream().limit(max).toList();
    } finally {
      lock.unlock();
    }
  }

  long size(String queue) {
    lock.lock();
    try {
      PriorityQueue<Entry> pq = ready.get(queue);
      return pq == null ? 0 : pq.size();
    } finally {
      lock.unlock();
    }
  }

  long delayedSize() {
    lock.lock();
    try {
      return delayed;
    } finally {
      lock.unlock();
    }
  }

  void closeAll() {
    lock.lock();
    try {
      consumers.forEach(r -> r.closed = true);
      consumers.clear();
    } finally {
      lock.unlock();
    }
  }
}
