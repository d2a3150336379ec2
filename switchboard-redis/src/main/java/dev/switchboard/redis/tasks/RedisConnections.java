package dev.switchboard.redis.tasks;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Creates the Lettuce client the Redis task parts use: automatic reconnection (commands issued
 * while disconnected wait for the reconnect), a 10-second command timeout, and TCP keep-alive.
 */
final class RedisConnections {
  /** How long a command may take before it fails; blocking reads block for less. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private RedisConnections() {}

  /**
   * Returns a client for {@code uri} ({@code redis://host:port[/db]}).
   *
   * @throws IllegalArgumentException if the URI is not a Redis URI
   */
  static RedisClient client(String uri) {
    Objects.requireNonNull(uri, "uri");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Redis URI must look like redis://host:port[/db]: '" + uri + "'", e);
    }
    RedisClient client = RedisClient.create(parsed);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .socketOptions(SocketOptions.builder().keepAlive(true)
                .connectTimeout(Duration.ofSeconds(5)).build())
            .build());
    return client;
  }
}
