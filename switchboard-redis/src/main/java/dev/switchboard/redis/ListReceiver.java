package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receives of this process on one channel that lives in a Redis list (a channel that is not
 * process-specific, such as {@code "jobs"}).
 *
 * <p>Local receives wait in FIFO order; while at least one waits, exactly one {@code BLPOP} with
 * no timeout is outstanding on a lent connection, so a message is taken from Redis only when
 * someone here wants it and no polling happens. Each popped message goes to the oldest receive
 * that is still waiting. If every receive was cancelled meanwhile (the caller gave up), the
 * message is pushed back to the head of the list ({@code LPUSH}) before anything else is popped,
 * so a cancelled receive never swallows a message and the order is kept. Expired messages are
 * dropped and counted as they are popped.
 *
 * <p>Receives on other processes compete for the same list: each message goes to one of them
 * (at most once). Receives keep waiting through a Redis outage: the pop is issued again when the
 * shard is back. Only a closed layer, or an error answer from Redis, fails them.
 */
final class ListReceiver {
  private static final Logger log = LoggerFactory.getLogger(ListReceiver.class);

  /** What the receiver reports to the layer. */
  interface Sink {
    Message decode(byte[] item, int offset);

    void delivered(int n);

    void expired();

    void undecodable(String channel, RuntimeException e);
  }

  private final String channel;
  private final String key;
  private final Shard shard;
  private final Executor executor;
  private final Sink sink;
  private final ArrayDeque<CompletableFuture<Message>> waiters = new ArrayDeque<>();
  private @Nullable StatefulRedisConnection<String, byte[]> connection;
  private boolean busy;
  private boolean closed;

  ListReceiver(String channel, String key, Shard shard, Executor executor, Sink sink) {
    this.channel = channel;
    this.key = key;
    this.shard = shard;
    this.executor = executor;
    this.sink = sink;
  }

  /** Returns a future completed with the next message of the channel. */
  CompletableFuture<Message> receive() {
    CompletableFuture<Message> waiter = new CompletableFuture<>();
    boolean start;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(closedException());
      }
      waiters.addLast(waiter);
      start = !busy;
      busy = true;
    }
    if (start) {
      pop();
    }
    return waiter;
  }

  /** Fails every waiting receive; the outstanding pop ends when its connection closes. */
  void close() {
    List<CompletableFuture<Message>> failed;
    synchronized (this) {
      closed = true;
      failed = new ArrayList<>(waiters);
      waiters.clear();
    }
    failed.forEach(w -> w.completeExceptionally(closedException()));
  }

  private void pop() {
    StatefulRedisConnection<String, byte[]> c;
    synchronized (this) {
      c = connection;
    }
    CompletableFuture<StatefulRedisConnection<String, byte[]>> lent =
        c != null ? CompletableFuture.completedFuture(c) : shard.borrowBlocking();
    lent.thenCompose(
            conn -> {
              synchronized (this) {
                connection = conn;
              }
              return conn.async().blpop(0, key).toCompletableFuture();
            })
        // Handled off Lettuce's I/O thread: completing a receive runs the caller's continuations.
        .whenCompleteAsync(this::popped, executor);
  }

  private void popped(@Nullable KeyValue<String, byte[]> result, @Nullable Throwable error) {
    if (error != null) {
      RuntimeException e = shard.translate("receive on '" + channel + "'", error);
      if (e instanceof RedisUnavailableException) {
        park(e);
      } else {
        failAll(e);
      }
      return;
    }
    if (result == null || !result.hasValue()) {
      next();
      return;
    }
    byte[] item = result.getValue();
    Message message;
    try {
      if (Frames.itemDeadline(item) <= System.currentTimeMillis()) {
        sink.expired();
        next();
        return;
      }
      message = sink.decode(item, Frames.itemBodyOffset(item));
    } catch (RuntimeException e) {
      // not ours, or sealed with another key: dropped and counted, the receive goes on waiting
      sink.undecodable(channel, e);
      next();
      return;
    }
    // complete() fails for a receive cancelled meanwhile: the message then goes to the next one
    for (CompletableFuture<Message> w; (w = oldestWaiting()) != null; ) {
      // counted first, so that a caller woken by the message sees it in the stats
      sink.delivered(1);
      if (w.complete(message)) {
        next();
        return;
      }
      sink.delivered(-1);
    }
    pushBack(item);
  }

  /** Pops again if receives wait, else returns the connection and goes idle. */
  private void next() {
    StatefulRedisConnection<String, byte[]> idle = null;
    boolean again;
    synchronized (this) {
      waiters.removeIf(CompletableFuture::isDone);
      again = !waiters.isEmpty() && !closed;
      if (!again) {
        busy = false;
        idle = connection;
        connection = null;
      }
    }
    if (again) {
      pop();
    } else if (idle != null) {
      shard.release(idle);
    }
  }

  private void pushBack(byte[] item) {
    StatefulRedisConnection<String, byte[]> c;
    synchronized (this) {
      c = connection;
    }
    if (c == null) {
      next();
      return;
    }
    c.async()
        .lpush(key, item)
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                log.warn(
                    "redis[{}] could not put back a message for '{}': {}",
                    shard.name,
                    channel,
                    e.toString());
              }
              next();
            });
  }

  private synchronized @Nullable CompletableFuture<Message> oldestWaiting() {
    for (CompletableFuture<Message> w; (w = waiters.pollFirst()) != null; ) {
      if (!w.isDone()) {
        return w;
      }
    }
    return null;
  }

  /**
   * Keeps the receives waiting through an outage: the pop is issued again by {@link #resume()},
   * which the layer calls when the shard is back, or after a second if the shard still counts as
   * up (the failure was this connection's own).
   */
  private void park(RuntimeException e) {
    StatefulRedisConnection<String, byte[]> c;
    synchronized (this) {
      c = connection;
      connection = null;
      busy = false;
    }
    if (c != null) {
      shard.release(c);
    }
    log.debug("redis[{}] receive on '{}' waits for the reconnect: {}", shard.name, channel, e.getMessage());
    if (shard.isUp()) {
      CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS, executor).execute(this::resume);
    }
  }

  /** Issues the blocking pop again if receives wait and none is outstanding. */
  void resume() {
    boolean start;
    synchronized (this) {
      waiters.removeIf(CompletableFuture::isDone);
      start = !busy && !closed && !waiters.isEmpty();
      busy |= start;
    }
    if (start) {
      pop();
    }
  }

  private void failAll(RuntimeException e) {
    List<CompletableFuture<Message>> failed;
    StatefulRedisConnection<String, byte[]> c;
    synchronized (this) {
      failed = new ArrayList<>(waiters);
      waiters.clear();
      busy = false;
      c = connection;
      connection = null;
    }
    if (c != null) {
      shard.release(c);
    }
    failed.forEach(w -> w.completeExceptionally(e));
  }

  private IllegalStateException closedException() {
    return new IllegalStateException(
        "channel layer is closed: receive on channel '" + channel + "' will never complete");
  }
}
