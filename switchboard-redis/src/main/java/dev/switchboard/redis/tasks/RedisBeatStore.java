package dev.switchboard.redis.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.BeatStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The beat's shared state on Redis: the leader lease is a key taken with SET NX PX semantics and
 * renewed by a compare-and-extend script (only the holder extends it); last runs are a hash
 * updated by a compare-and-set script.
 */
public final class RedisBeatStore implements BeatStore {
  private static final Script LEAD = new Script("""
      local v = redis.call('GET', KEYS[1])
      if not v then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      elseif v == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      return 0
      """, ScriptOutputType.INTEGER);
  private static final Script RESIGN = new Script("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
      return 1
      """, ScriptOutputType.INTEGER);
  private static final Script CLAIM = new Script("""
      local cur = redis.call('HGET', KEYS[1], ARGV[1])
      if (cur or '') ~= ARGV[2] then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
      return 1
      """, ScriptOutputType.INTEGER);

  private final RedisClient client;
  private final RedisKeys keys;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;

  private RedisBeatStore(RedisClient client, String prefix) {
    this.client = client;
    this.keys = new RedisKeys(prefix);
    this.connection = client.connect();
    this.redis = connection.async();
  }

  /** Returns a store on {@code uri} with key prefix "sb". */
  public static RedisBeatStore create(String uri) {
    return create(uri, "sb");
  }

  /** Returns a store on {@code uri} with its own key prefix. */
  public static RedisBeatStore create(String uri, String prefix) {
    return new RedisBeatStore(RedisConnections.client(uri), prefix);
  }

  @Override
  public CompletableFuture<Boolean> tryLead(String node, Duration ttl) {
    return LEAD.<Long>run(redis, new String[] {keys.beatLease()}, node,
        Long.toString(ttl.toMillis())).thenApply(r -> r == 1);
  }

  @Override
  public CompletableFuture<Void> resign(String node) {
    return RESIGN.<Long>run(redis, new String[] {keys.beatLease()}, node).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<@Nullable Long> lastRun(String name) {
    return redis.hget(keys.beatLastRun(), name).toCompletableFuture()
        .thenApply(v -> v == null ? null : Long.parseLong(v));
  }

  @Override
  public CompletableFuture<Boolean> claimRun(String name, @Nullable Long expected, long next) {
    return CLAIM.<Long>run(redis, new String[] {keys.beatLastRun()}, name,
        expected == null ? "" : Long.toString(expected), Long.toString(next))
        .thenApply(r -> r == 1);
  }

  @Override
  public void close() {
    connection.close();
    RedisConnections.shutdown(client);
  }
}
