package dev.switchboard.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The machine's Redis on 127.0.0.1:6379 (bin/test starts one), for tests: unique key prefixes so
 * tests never see each other's keys, raw commands to look inside, and clean-up.
 */
final class TestRedis {
  static final String URI = "redis://127.0.0.1:6379";

  private TestRedis() {}

  /** Returns a key prefix unique to the caller, under {@code sbtest:}. */
  static String uniquePrefix() {
    return "sbtest:" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ":";
  }

  /** Returns a builder for the local Redis with the given prefix. */
  static RedisLayerBuilder builder(String prefix) {
    return RedisChannelLayer.builder().uri(URI).keyPrefix(prefix);
  }

  /** Runs raw commands against a Redis URI on a fresh connection. */
  static <T> T raw(String uri, Function<RedisCommands<String, byte[]>, T> commands) {
    RedisClient client = RedisClient.create(RedisClients.resources(), uri);
    try (StatefulRedisConnection<String, byte[]> c = client.connect(RedisClients.CODEC)) {
      return commands.apply(c.sync());
    } finally {
      client.shutdown();
    }
  }

  /** Runs raw commands against the local Redis. */
  static <T> T raw(Function<RedisCommands<String, byte[]>, T> commands) {
    return raw(URI, commands);
  }

  /** Deletes every key under {@code prefix} on a Redis URI and returns how many there were. */
  static long deleteKeys(String uri, String prefix) {
    return raw(
        uri,
        r -> {
          long n = 0;
          ScanCursor cursor = ScanCursor.INITIAL;
          do {
            var page = r.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            List<String> found = page.getKeys();
            if (!found.isEmpty()) {
              n += r.unlink(found.toArray(String[]::new));
            }
            cursor = page;
          } while (!cursor.isFinished());
          return n;
        });
  }

  /** Returns the score of a sorted-set member on the local Redis, or null if absent. */
  static Double zscore(String key, String member) {
    return raw(r -> r.zscore(key, member.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Returns the time to live of a key on the local Redis in ms (negative: none or no key). */
  static long pttl(String key) {
    Long ttl = raw(r -> r.pttl(key));
    return ttl;
  }

  /** Returns the keys under {@code prefix} on the local Redis. */
  static List<String> keys(String prefix) {
    return raw(r -> r.keys(prefix + "*"));
  }
}
