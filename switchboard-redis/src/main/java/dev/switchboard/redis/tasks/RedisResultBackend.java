package dev.switchboard.redis.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.Nullable;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.spi.ChordProgress;
import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.tasks.spi.ResultRecords;
import dev.switchboard.tasks.spi.StoreOutcome;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A result backend on Redis: one hash per task ({@code s} state, {@code d} record as JSON) with a
 * TTL (default one day), written by a Lua script that checks the transition table atomically and
 * publishes final records on the task's channel, so {@link #awaitReady} waits on pub/sub, never
 * by polling. Chords are counted in a hash by a script (HSETNX + HINCRBY), idempotently.
 */
public final class RedisResultBackend implements ResultBackend {
  private final RedisClient client;
  private final boolean ownsClient;
  private final RedisKeys keys;
  private final Duration ttl;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final ObjectMapper json = JsonMappers.builder().build();
  private final java.util.concurrent.ExecutorService flusher;
  private final ResultWaiters waiters;

  private RedisResultBackend(RedisClient client, boolean owns, String prefix, Duration ttl) {
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    this.client = client;
    this.ownsClient = owns;
    this.keys = new RedisKeys(prefix);
    this.ttl = ttl;
    this.connection = client.connect();
    this.flusher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sb-redis-results-flush");
      t.setDaemon(true);
      return t;
    });
    this.redis = new Pipeline(client, connection, flusher).commands();
    this.waiters = new ResultWaiters(client, keys, RedisResultBackend::decode, this::get);
  }

  /** Returns a backend on {@code uri} keeping records one day, key prefix "sb". */
  public static RedisResultBackend create(String uri) {
    return create(uri, DEFAULT_TTL);
  }

  /** Returns a backend on {@code uri} keeping records {@code ttl} after their last write. */
  public static RedisResultBackend create(String uri, Duration ttl) {
    return create(uri, ttl, "sb");
  }

  /** Returns a backend with its own key prefix (1 to 50 letters, digits, '-', '_', '.'). */
  public static RedisResultBackend create(String uri, Duration ttl, String prefix) {
    return new RedisResultBackend(RedisConnections.client(uri), true, prefix, ttl);
  }

  @Override
  public CompletableFuture<StoreOutcome> store(TaskResult result) {
    Objects.requireNonNull(result, "result");
    StringBuilder allowed = new StringBuilder(",");
    for (TaskState s : result.state().previous()) {
      allowed.append(s.name()).append(',');
    }
    String channel = result.state().isReady() ? keys.doneChannel(result.id()) : "";
    return LuaScripts.STORE.<List<Object>>run(redis, new String[] {keys.result(result.id())},
            result.state().name(), allowed.toString(), encode(result),
            Long.toString(ttl.toMillis()), channel)
        .thenApply(r -> new StoreOutcome(((Long) r.get(0)) == 1,
            TaskState.valueOf(String.valueOf(r.get(1)))));
  }

  @Override
  public CompletableFuture<@Nullable TaskResult> get(String id) {
    return redis.hget(keys.result(id), "d").toCompletableFuture()
        .thenApply(d -> d == null ? null : decode(d));
  }

  @Override
  public CompletableFuture<TaskResult> awaitReady(String id) {
    return waiters.await(Objects.requireNonNull(id, "id"));
  }

  /**
   * Calls {@code watcher} (on a Redis I/O thread; it must not block) with every task record
   * that reaches a ready state from now on, written by any process: for dashboards and
   * benchmarks. Close the handle to stop.
   */
  public AutoCloseable watchReady(Consumer<TaskResult> watcher) {
    return waiters.watchReady(Objects.requireNonNull(watcher, "watcher"));
  }

  @Override
  public CompletableFuture<ChordProgress> chordPartDone(
      String chordId, int index, int size, @Nullable JsonNode result) {
    String value = result == null ? "null" : result.toString();
    return LuaScripts.CHORD_PART.<List<Object>>run(redis, new String[] {keys.chord(chordId)},
            Integer.toString(index), Integer.toString(size), value, Long.toString(ttl.toMillis()))
        .thenApply(r -> {
          int done = ((Long) r.get(0)).intValue();
          if (((Long) r.get(1)) == 0) {
            return new ChordProgress(done, size, null);
          }
          ArrayNode all = json.createArrayNode();
          for (Object member : r.subList(2, r.size())) {
            all.add(parse(String.valueOf(member)));
          }
          return new ChordProgress(done, size, all);
        });
  }

  @Override
  public CompletableFuture<Void> chordDispatched(String chordId) {
    String key = keys.chord(chordId);
    redis.hset(key, "dispatched", "1");
    return redis.pexpire(key, ttl.toMillis()).toCompletableFuture().thenApply(v -> null);
  }

  @Override
  public CompletableFuture<Boolean> chordFailed(String chordId) {
    String key = keys.chord(chordId);
    CompletableFuture<Boolean> first = redis.hsetnx(key, "failed", "1").toCompletableFuture();
    redis.pexpire(key, ttl.toMillis());
    return first;
  }

  @Override
  public CompletableFuture<Void> forget(String id) {
    return redis.del(keys.result(id)).toCompletableFuture().thenApply(n -> null);
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  @Override
  public void close() {
    waiters.close();
    flusher.shutdown();
    connection.close();
    if (ownsClient) {
      RedisConnections.shutdown(client);
    }
  }

  private static String encode(TaskResult r) {
    return ResultRecords.encode(r);
  }

  private static TaskResult decode(String d) {
    return ResultRecords.decode(d);
  }

  private JsonNode parse(String s) {
    try {
      return json.readTree(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable chord member result: " + e.getOriginalMessage(), e);
    }
  }
}
