package dev.switchboard.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce settings every layer connection uses, in one place.
 *
 * <ul>
 *   <li>Reconnect automatically, retrying after 50 ms and backing off to at most 1 s, so a
 *       restarted Redis is back in use within about a second.
 *   <li>While disconnected, reject commands at once ({@code REJECT_COMMANDS}): sends fail fast
 *       with {@link RedisUnavailableException} instead of queueing in memory. Commands in flight
 *       when the connection drops fail too ("Connection disconnected") rather than being replayed
 *       after the reconnect: replaying a push could deliver a message twice, and the layer
 *       promises at most once. Waiting receives issue their blocking pop again once the shard is
 *       back (see {@link ListReceiver}).
 *   <li>Every command times out after the configured command timeout, except the blocking pop
 *       that waits for messages, which waits as long as it must.
 * </ul>
 */
final class RedisClients {
  /** LayerKeys are strings (UTF-8), values raw bytes. */
  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  // Shared by every layer in the JVM: Lettuce's event loops are daemon threads sized to the
  // machine, and each layer's clients still have their own connections and listeners.
  private static volatile ClientResources shared;

  private RedisClients() {}

  static ClientResources resources() {
    ClientResources r = shared;
    if (r == null) {
      synchronized (RedisClients.class) {
        r = shared;
        if (r == null) {
          r =
              DefaultClientResources.builder()
                  .reconnectDelay(
                      Delay.exponential(
                          Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                  .build();
          shared = r;
        }
      }
    }
    return r;
  }

  static ClientOptions options(Duration commandTimeout) {
    long timeoutMillis = Math.max(1, commandTimeout.toMillis());
    TimeoutOptions timeouts =
        TimeoutOptions.builder()
            .timeoutCommands(true)
            .timeoutSource(
                new TimeoutOptions.TimeoutSource() {
                  @Override
                  public long getTimeout(RedisCommand<?, ?, ?> command) {
                    // 0 means no timeout: a blocking pop waits until a message arrives
                    return command.getType() == CommandType.BLPOP ? 0 : timeoutMillis;
                  }

                  @Override
                  public TimeUnit getTimeUnit() {
                    return TimeUnit.MILLISECONDS;
                  }
                })
            .build();
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(timeouts)
        .socketOptions(
            SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
        .build();
  }

}
