package dev.switchboard.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce settings every layer connection uses, in one place.
 *
 * <ul>
 *   <li>Reconnect automatically, retrying after 50 ms and backing off to at most 1 s, so a
 *       restarted Redis is back in use within about a second.
 *   <li>While disconnected, reject commands at once ({@code REJECT_COMMANDS}): sends fail fast
 *       with {@link LayerUnavailableException} instead of queueing in memory.
 *   <li>Every command times out after the configured command timeout, except the blocking pop
 *       that waits for messages, which waits as long as it must.
 *   <li>Commands in flight when the connection drops are failed, not replayed after the
 *       reconnect (replaying a push could deliver a message twice; the layer promises at most
 *       once). Blocking pops and subscriptions are replayed: they only wait.
 * </ul>
 */
final class RedisClients {
  /** Keys are strings (UTF-8), values raw bytes. */
  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final Set<ProtocolKeyword> REPLAYED =
      Set.of(
          CommandType.BLPOP,
          CommandType.SUBSCRIBE,
          CommandType.UNSUBSCRIBE,
          CommandType.PING,
          CommandType.HELLO,
          CommandType.AUTH,
          CommandType.SELECT,
          CommandType.CLIENT);

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
        .replayFilter(RedisClients::failUnlessReplayed)
        .build();
  }

  /** The replay filter: fails (and so filters out) every command that must not be replayed. */
  private static boolean failUnlessReplayed(RedisCommand<?, ?, ?> command) {
    if (REPLAYED.contains(command.getType())) {
      return false;
    }
    command.completeExceptionally(
        new RedisConnectionException(
            "connection lost before Redis answered " + command.getType() + "; not retried"));
    return true;
  }
}
