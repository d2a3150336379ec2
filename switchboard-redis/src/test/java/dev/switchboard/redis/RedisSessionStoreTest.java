package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.middleware.SessionStore;
import dev.switchboard.testing.SessionStoreContract;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis store passes the contract on the machine's Redis, under a prefix of its own. */
class RedisSessionStoreTest extends SessionStoreContract {
  private final String prefix = TestRedis.uniquePrefix().replace(":", "").replace("sbtest", "sbtest-");
  private RedisSessionStore redis;

  @Override
  protected SessionStore createStore() {
    redis = RedisSessionStore.create(TestRedis.URI, prefix);
    return redis;
  }

  @AfterEach
  void cleanUp() {
    redis.close();
    TestRedis.deleteKeys(TestRedis.URI, prefix + ":");
  }

  @Test
  void aSessionIsOneKeyExpiringWithTheSession() {
    store.save("abc", Map.of("user", "ada"), Duration.ofMinutes(5));
    long ttl = TestRedis.raw(r -> r.pttl(prefix + ":session:abc"));
    assertThat(ttl).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());
  }

  @Test
  void aSessionSavedThroughOneConnectionLoadsThroughAnother() {
    try (RedisSessionStore other = RedisSessionStore.create(TestRedis.URI, prefix)) {
      store.save("shared", Map.of("n", 7), Duration.ofMinutes(1));
      assertThat(other.load("shared")).isEqualTo(Map.of("n", 7));
    }
  }

  @Test
  void aBadPrefixIsRefusedWithTheRule() {
    assertThatThrownBy(() -> RedisSessionStore.create(TestRedis.URI, "a b"))
        .hasMessageStartingWith("key prefix must be 1 to 50 ASCII letters");
  }
}
