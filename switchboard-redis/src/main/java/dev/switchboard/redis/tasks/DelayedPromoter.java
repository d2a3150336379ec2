package dev.switchboard.redis.tasks;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves delayed messages to their streams when due, with the atomic {@link LuaScripts#PROMOTE}
 * script, so a message is promoted exactly once however many workers run a promoter.
 *
 * <p>It sleeps until the next due time the script reports, or until woken by a new delayed
 * message (the {@code <p>:wake} channel, or a publish from this process), and at most {@link
 * #MAX_SLEEP_MILLIS} so that a missed wake-up costs at most that much delay.
 */
final class DelayedPromoter {
  /** The longest sleep between promotions. */
  static final long MAX_SLEEP_MILLIS = 1_000;
  private static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(DelayedPromoter.class);

  private final RedisAsyncCommands<String, String> redis;
  private final RedisKeys keys;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean closed;
  private boolean woken;
  private final Thread thread;

  DelayedPromoter(RedisAsyncCommands<String, String> redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
    this.thread = Thread.ofVirtual().name("sb-redis-promoter").start(this::loop);
  }

  /** Wakes the promoter: a message became due earlier than it planned. */
  void wake() {
    lock.lock();
    try {
      woken = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    long backoff = 0;
    while (!closed) {
      long sleep;
      try {
        List<Object> r = LuaScripts.PROMOTE.<List<Object>>run(redis, new String[] {keys.delayed()},
            Long.toString(System.currentTimeMillis()), Integer.toString(BATCH))
            .get(RedisConnections.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long promoted = (Long) r.get(0);
        long next = (Long) r.get(1);
        if (promoted == BATCH) {
          continue;
        }
        sleep = next < 0 ? MAX_SLEEP_MILLIS
            : Math.max(0, Math.min(MAX_SLEEP_MILLIS, next - System.currentTimeMillis()));
        backoff = 0;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (closed) {
          return;
        }
        backoff = Math.min(2_000, Math.max(50, backoff * 2));
        log.warn("redis-promoter: promotion failed, retrying in {} ms: {}", backoff, e.toString());
        sleep = backoff;
      }
      if (sleep > 0) {
        await(sleep);
      }
    }
  }

  private void await(long millis) {
    lock.lock();
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!woken && !closed && left > 0) {
        left = wake.awaitNanos(left);
      }
      woken = false;
    } catch (InterruptedException e) {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  void close() {
    closed = true;
    wake();
    try {
      thread.join(java.time.Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
