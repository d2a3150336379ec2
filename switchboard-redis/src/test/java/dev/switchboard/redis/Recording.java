package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.Message;
import dev.switchboard.layer.MessageListener;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A subscriber that records what it gets, and the test's waiting helpers: recorders, not sleeps. */
final class Recording implements MessageListener {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private volatile boolean refusing;

  /** Makes {@link #offer} refuse from now on (a full inbox). */
  Recording refuse() {
    refusing = true;
    return this;
  }

  @Override
  public boolean offer(Message message) {
    return !refusing && messages.add(message);
  }

  /** Returns the next message, failing with "timed out waiting for {@code what}". */
  Message next(String what) throws InterruptedException {
    Message m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null) {
      fail("timed out waiting for " + what);
    }
    return m;
  }

  /** Returns the next message whose type is {@code type}, skipping others. */
  Message nextOfType(String type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (; ; ) {
      Message m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        return fail("timed out waiting for a " + type + " message");
      }
      if (m.type().equals(type)) {
        return m;
      }
    }
  }

  /** Checks that nothing arrived beyond what was taken. */
  void assertEmpty() {
    assertThat(messages).as("unexpected messages at the subscriber").isEmpty();
  }

  /** Waits for a future's value, failing with "timed out waiting for {@code what}". */
  static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return fail("timed out waiting for " + what);
    } catch (java.util.concurrent.ExecutionException e) {
      return fail(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted waiting for " + what);
    }
  }

  /** Waits for a future to fail and returns the cause. */
  static Throwable awaitFailure(CompletableFuture<?> future, String what) {
    try {
      Object v = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return fail(what + " should have failed but completed with " + v);
    } catch (java.util.concurrent.TimeoutException e) {
      return fail("timed out waiting for " + what + " to fail");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted waiting for " + what);
    }
  }
}
