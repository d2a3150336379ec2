package dev.switchboard.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Nullable;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.middleware.SessionStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link SessionStore} on Redis, shared by every server process: each session is one key,
 * {@code PREFIX:session:ID}, holding its data as JSON, with the session's lifetime as the key's
 * expiry, so Redis drops expired sessions itself. Commands time out after 10 s and fail with
 * Lettuce's exception, which the session middleware logs (the response goes out without a new
 * cookie). Thread-safe: one connection, shared. Close it to release the connection.
 *
 * <pre>{@code
 * SessionStore store = RedisSessionStore.create("redis://127.0.0.1:6379", "myapp");
 * }</pre>
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> redis;
  private final String prefix;
  private final ObjectMapper json = JsonMappers.builder().build();

  private RedisSessionStore(String uri, String prefix) {
    this.client = RedisClient.create(RedisClients.resources(), uri);
    client.setOptions(RedisClients.options(COMMAND_TIMEOUT));
    this.connection = client.connect(RedisClients.CODEC);
    this.redis = connection.sync();
    this.prefix = prefix + ":session:";
  }

  /**
   * Returns a store on the Redis at {@code uri} with keys under {@code prefix}.
   *
   * @param prefix 1 to 50 ASCII letters, digits, '-', '_' or '.'
   * @throws IllegalArgumentException if the prefix breaks that rule
   */
  public static RedisSessionStore create(String uri, String prefix) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.matches("[A-Za-z0-9_.\\-]{1,50}")) {
      throw new IllegalArgumentException(
          "key prefix must be 1 to 50 ASCII letters, digits, '-', '_' or '.': '" + prefix + "'");
    }
    return new RedisSessionStore(uri, prefix);
  }

  @Override
  public @Nullable Map<String, Object> load(String id) {
    byte[] value = redis.get(key(id));
    if (value == null) {
      return null;
    }
    try {
      return json.readValue(value, MAP);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("session " + key(id) + " is not the JSON this store writes", e);
    }
  }

  @Override
  public void save(String id, Map<String, Object> data, Duration ttl) {
    byte[] value;
    try {
      value = json.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("session data must be JSON-like: " + e.getMessage(), e);
    }
    redis.set(key(id), value, SetArgs.Builder.px(Math.max(1, ttl.toMillis())));
  }

  @Override
  public void delete(String id) {
    redis.unlink(key(id));
  }

  private String key(String id) {
    Objects.requireNonNull(id, "id");
    return prefix + id;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  @Override
  public String toString() {
    return "RedisSessionStore[" + prefix + "]";
  }
}
