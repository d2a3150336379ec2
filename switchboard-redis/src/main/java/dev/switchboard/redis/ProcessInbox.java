package dev.switchboard.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one receiver of a layer process: a Redis pub/sub subscription to the process's inbox
 * channel on the shard its process name hashes to, which takes every frame other processes send
 * here and hands it to the {@link Handler}, on Lettuce's I/O thread, in arrival order.
 *
 * <p>Pub/sub delivers to whoever listens at that moment and keeps nothing, which is what the
 * layer promises (at most once): frames published while this process is disconnected are lost,
 * and the layer tells local consumers so with {@code layer.disconnected} / {@code
 * layer.reconnected}. Lettuce re-subscribes by itself after a reconnect, and closes the
 * subscription when the layer shuts its client down.
 */
final class ProcessInbox {
  private static final Logger log = LoggerFactory.getLogger(ProcessInbox.class);

  /** Takes the frames of the inbox; must not block. */
  interface Handler {
    void frame(byte[] frame);
  }

  private final StatefulRedisPubSubConnection<String, byte[]> connection;
  private final String inbox;

  /**
   * Subscribes; blocks until Redis confirmed the subscription.
   *
   * @throws RedisUnavailableException if the shard cannot be reached
   */
  ProcessInbox(Shard shard, String inbox, Duration timeout, Handler handler) {
    this.inbox = inbox;
    this.connection = shard.connectPubSub();
    connection.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, byte[] message) {
            if (!inbox.equals(channel)) {
              return;
            }
            try {
              handler.frame(message);
            } catch (RuntimeException e) {
              // one bad frame must not end the subscription
              log.warn("redis[{}] inbox '{}' dropped a frame: {}", shard.name, inbox, e.toString(), e);
            }
          }
        });
    try {
      connection.async().subscribe(inbox).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.closeAsync();
      throw new RedisUnavailableException(shard.name, "subscribing to " + inbox, e);
    } catch (Exception e) {
      connection.closeAsync();
      throw new RedisUnavailableException(shard.name, "subscribing to " + inbox, e);
    }
    shard.watch(connection);
  }

  @Override
  public String toString() {
    return "ProcessInbox[" + inbox + "]";
  }
}
