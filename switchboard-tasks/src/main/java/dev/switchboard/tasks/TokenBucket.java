package dev.switchboard.tasks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket for one task's {@link RateLimit} on one worker: tokens refill continuously up to
 * the burst size; {@link #acquire()} reserves the next token and sleeps until it is due.
 * Sleeping callers are virtual threads, so waiting costs no platform thread.
 */
final class TokenBucket {
  private final long nanosPerToken;
  private final long burstNanos;
  private final ReentrantLock lock = new ReentrantLock();
  // The time at which the bucket is empty again; tokens are reserved by moving it forward.
  private long emptyAt;

  TokenBucket(RateLimit limit) {
    this.nanosPerToken = limit.nanosPerPermit();
    this.burstNanos = nanosPerToken * limit.permits();
    this.emptyAt = System.nanoTime() - burstNanos;
  }

  /**
   * Takes one token, sleeping until it is available.
   *
   * @throws InterruptedException if interrupted while waiting (the token stays spent)
   */
  void acquire() throws InterruptedException {
    long wait;
    lock.lock();
    try {
      long now = System.nanoTime();
      // A full bucket holds burstNanos worth of tokens, no more.
      if (now - emptyAt > burstNanos) {
        emptyAt = now - burstNanos;
      }
      emptyAt += nanosPerToken;
      wait = emptyAt - now;
    } finally {
      lock.unlock();
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }
}
