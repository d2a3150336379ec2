package dev.switchboard.redis.tasks;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Creates the Lettuce client the Redis task parts use: automatic reconnection every 10 ms to 1 s
 * (commands issued while disconnected wait for the reconnect), a 10-second command timeout, and
 * TCP keep-alive.
 */
final class RedisConnections {
  /** How long a command may take before it fails; blocking reads block for less. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  /** The longest wait between reconnection attempts. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

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
    // Own resources per client so the reconnect delay can be capped: after a Redis restart the
    // default backoff (up to 30 s) would leave workers idle long after the server is back.
    ClientResources resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2,
            TimeUnit.MILLISECONDS))
        .build();
    RedisClient client = RedisClient.create(resources, parsed);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .socketOptions(SocketOptions.builder().keepAlive(true)
                .connectTimeout(Duration.ofSeconds(5)).build())
            .build());
    return client;
  }

  /** Shuts a client made by {@link #client} down, with its resources. */
  static void shutdown(RedisClient client) {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
  }
}
