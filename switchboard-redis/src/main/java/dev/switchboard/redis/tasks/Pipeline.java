package dev.switchboard.redis.tasks;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.SocketAddress;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Coalesces writes on a shared connection: commands are buffered (auto-flush off) and one flush,
 * run on a dedicated thread as soon as it is free, sends everything issued meanwhile in one
 * write. Under light load each command is flushed at once (one thread hand-off of latency);
 * under heavy load many tasks' commands share a system call.
 *
 * <p>The returned commands object flushes after every call, so callers use it like any Lettuce
 * async API. With auto-flush off, commands issued while the connection is down stay buffered
 * after it comes back (Lettuce re-sends only what it had already flushed), so a reconnect flushes
 * too: a command issued during an outage is sent when Redis is back, not when another command
 * happens to follow it.
 */
final class Pipeline {
  private final StatefulRedisConnection<String, String> connection;
  private final Executor flusher;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final RedisAsyncCommands<String, String> commands;

  @SuppressWarnings("unchecked")
  Pipeline(RedisClient client, StatefulRedisConnection<String, String> connection,
      Executor flusher) {
    this.connection = connection;
    this.flusher = flusher;
    connection.setAutoFlushCommands(false);
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
        if (handler == connection) {
          flushSoon();
        }
      }
    });
    RedisAsyncCommands<String, String> target = connection.async();
    InvocationHandler h = (proxy, method, args) -> {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        flushSoon();
      }
    };
    this.commands = (RedisAsyncCommands<String, String>) Proxy.newProxyInstance(
        Pipeline.class.getClassLoader(), new Class<?>[] {RedisAsyncCommands.class}, h);
  }

  /** Returns the async commands; each call is flushed soon after it is issued. */
  RedisAsyncCommands<String, String> commands() {
    return commands;
  }

  private void flushSoon() {
    if (scheduled.compareAndSet(false, true)) {
      flusher.execute(() -> {
        // Cleared before flushing: a command issued after this point schedules another flush.
        scheduled.set(false);
        connection.flushCommands();
      });
    }
  }
}
