package dev.switchboard.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis host of the layer: its client, the shared command connection, a pool of connections
 * for blocking pops, and the watch that tells the layer when the host goes away and comes back.
 *
 * <p>The command connection is used by every thread at once (Lettuce pipelines). Results complete
 * on Lettuce's I/O threads. Failures become {@link RedisUnavailableException} when Redis could
 * not be reached and {@link IllegalStateException} when it answered with an error.
 */
final class Shard {
  private static final Logger log = LoggerFactory.getLogger(Shard.class);

  /** Told when a watched connection of the shard drops and when all are back. */
  interface Observer {
    void down(Shard shard);

    void up(Shard shard, long downMillis);
  }

  final String name;
  final String identity;
  private final RedisURI uri;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> main;
  private final ConcurrentLinkedDeque<StatefulRedisConnection<String, byte[]>> idle =
      new ConcurrentLinkedDeque<>();
  private final Set<Object> watched = ConcurrentHashMap.newKeySet();
  private final Set<Object> down = ConcurrentHashMap.newKeySet();
  // The scripts the server has run on the command connection since it last connected.
  private final Set<Script> loaded = ConcurrentHashMap.newKeySet();
  private volatile long downSince;
  private volatile boolean closed;

  /**
   * Connects to one host; blocks until the command connection is up.
   *
   * @throws RedisUnavailableException if the host cannot be reached
   */
  Shard(RedisURI uri, Duration commandTimeout, Observer observer) {
    this.uri = uri;
    this.name = uri.getHost() + ":" + uri.getPort();
    this.identity = name + "/" + uri.getDatabase();
    this.client = RedisClient.create(RedisClients.resources(), uri);
    client.setOptions(RedisClients.options(commandTimeout));
    client.addListener(new Watch(observer));
    try {
      this.main = client.connect(RedisClients.CODEC);
    } catch (RuntimeException e) {
      client.shutdownAsync();
      throw new RedisUnavailableException(name, "connecting", e);
    }
    watched.add(main);
  }

  /** Watches a connection: while it is disconnected the shard counts as down. */
  void watch(Object connection) {
    watched.add(connection);
  }

  /** Returns whether every watched connection is connected. */
  boolean isUp() {
    return down.isEmpty();
  }

  /**
   * Runs a command on the shared connection.
   *
   * @param operation what it does, for error messages (such as {@code "send to 'jobs'"})
   */
  <T> CompletableFuture<T> call(
      String operation, Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
    CompletionStage<T> stage;
    try {
      stage = command.apply(main.async());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(operation, e));
    }
    return handOver(operation, stage);
  }

  /**
   * Returns a Lettuce result as a plain future, failures translated. It completes on Lettuce's
   * I/O thread: handing every completion to another thread cost more CPU than the Redis command
   * itself, and the layer's callers block on results (virtual threads) rather than chain on them.
   */
  <T> CompletableFuture<T> handOver(String operation, CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete(
        (value, error) -> {
          if (error == null) {
            out.complete(value);
          } else {
            out.completeExceptionally(translate(operation, error));
          }
        });
    return out;
  }

  /**
   * Runs a Lua script on the shared connection, keeping the order in which scripts are issued
   * even on a server that does not know them yet ({@link Script#run}).
   *
   * @param operation what it does, for error messages
   */
  <T> CompletableFuture<T> run(
      String operation, Script script, ScriptOutputType type, String[] keys, byte[]... args) {
    return call(operation, r -> script.<T>run(r, loaded, type, keys, args));
  }

  /** Opens a pub/sub connection to this host; blocks until connected. */
  StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
    try {
      return client.connectPubSub(RedisClients.CODEC);
    } catch (RuntimeException e) {
      throw new RedisUnavailableException(name, "subscribing", e);
    }
  }

  /** Lends a connection for blocking pops: an idle one, or a new one. */
  CompletableFuture<StatefulRedisConnection<String, byte[]>> borrowBlocking() {
    for (StatefulRedisConnection<String, byte[]> c; (c = idle.pollFirst()) != null; ) {
      if (c.isOpen()) {
        return CompletableFuture.completedFuture(c);
      }
    }
    return handOver("opening a connection for blocking receives", client.connectAsync(RedisClients.CODEC, uri));
  }

  /** Takes back a lent connection for reuse. */
  void release(StatefulRedisConnection<String, byte[]> connection) {
    // a closed one is dropped; after close() the client's shutdown closes the rest
    if (!closed && connection.isOpen()) {
      idle.addFirst(connection);
    }
  }

  /** Closes the connections and the client, waiting at most {@code wait}. */
  void close(Duration wait) {
    closed = true;
    idle.clear(); // the client's shutdown closes every connection it opened
    try {
      client.shutdown(Duration.ZERO, wait);
    } catch (RuntimeException e) {
      log.debug("redis[{}] shutdown: {}", name, e.toString());
    }
  }

  RuntimeException translate(String operation, Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof RedisCommandExecutionException && !(e instanceof RedisLoadingException)) {
      return new IllegalStateException("redis[" + name + "] " + operation + " failed: " + e.getMessage(), e);
    }
    if (e instanceof io.lettuce.core.RedisException) {
      return new RedisUnavailableException(name, operation, e);
    }
    return e instanceof RuntimeException r ? r : new CompletionException(e);
  }

  @Override
  public String toString() {
    return "redis[" + name + "]";
  }

  /** Turns connection events of this shard's client into down/up transitions of the shard. */
  private final class Watch implements RedisConnectionStateListener {
    private final Observer observer;

    Watch(Observer observer) {
      this.observer = observer;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
      if (connection == main) {
        loaded.clear(); // the server we reconnect to may have restarted without them
      }
      if (closed || !watched.contains(connection)) {
        return;
      }
      boolean first;
      synchronized (this) {
        first = down.isEmpty();
        down.add(connection);
        if (first) {
          downSince = System.nanoTime();
        }
      }
      if (first) {
        observer.down(Shard.this);
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
      if (closed || !watched.contains(connection)) {
        return;
      }
      boolean last;
      synchronized (this) {
        last = down.remove(connection) && down.isEmpty();
      }
      if (last) {
        observer.up(Shard.this, (System.nanoTime() - downSince) / 1_000_000);
      }
    }
  }
}
