package dev.switchboard.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Received texts waiting for {@code receive}. Bounded by back-pressure, not by dropping: while it
 * holds {@code capacity} texts the client asks the socket for no more, so the server's writes
 * wait in TCP (and the server applies its own slow-client rule).
 */
final class Inbox {
  private final int capacity;
  private final Runnable requestMore;
  private final ArrayDeque<String> texts = new ArrayDeque<>();
  private final ArrayDeque<CompletableFuture<String>> waiters = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private boolean starved;
  private String closedReason;

  Inbox(int capacity, Runnable requestMore) {
    this.capacity = capacity;
    this.requestMore = requestMore;
  }

  /** Adds a received text; returns whether the socket may deliver another one now. */
  boolean add(String text) {
    CompletableFuture<String> waiter;
    lock.lock();
    try {
      waiter = waiters.pollFirst();
      if (waiter == null) {
        texts.addLast(text);
        arrived.signal();
        starved = texts.size() >= capacity;
        if (starved) {
          return false;
        }
      }
    } finally {
      lock.unlock();
    }
    if (waiter != null) {
      waiter.complete(text);
    }
    return true;
  }

  /** Returns the next text, waiting at most {@code timeoutNanos}; null when none came. */
  String poll(long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long left = timeoutNanos;
      while (texts.isEmpty()) {
        if (closedReason != null) {
          throw new ClientClosedException(closedReason);
        }
        if (left <= 0) {
          return null;
        }
        left = arrived.awaitNanos(left);
      }
      return taken(texts.pollFirst());
    } finally {
      lock.unlock();
    }
  }

  /** Returns a future of the next text. */
  CompletableFuture<String> next() {
    lock.lock();
    try {
      if (!texts.isEmpty()) {
        return CompletableFuture.completedFuture(taken(texts.pollFirst()));
      }
      if (closedReason != null) {
        return CompletableFuture.failedFuture(new ClientClosedException(closedReason));
      }
      CompletableFuture<String> f = new CompletableFuture<>();
      waiters.addLast(f);
      return f;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter with the reason; texts already received can still be taken. */
  void close(String reason) {
    ArrayDeque<CompletableFuture<String>> waiting;
    lock.lock();
    try {
      closedReason = reason;
      waiting = new ArrayDeque<>(waiters);
      waiters.clear();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    waiting.forEach(f -> f.completeExceptionally(new ClientClosedException(reason)));
  }

  /** Called with the lock held when a text is taken: resumes a starved socket. */
  private String taken(String text) {
    if (starved && texts.size() < capacity) {
      starved = false;
      requestMore.run();
    }
    return text;
  }
}
