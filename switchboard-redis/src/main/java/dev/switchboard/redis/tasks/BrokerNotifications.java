package dev.switchboard.redis.tasks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's pub/sub connection, opened on first need: revocation announcements for {@code
 * watchRevoked} listeners and wake-ups for the delayed-message promoter. Lettuce resubscribes
 * after a reconnect.
 */
final class BrokerNotifications {
  private static final Logger log = LoggerFactory.getLogger(BrokerNotifications.class);

  private final RedisClient client;
  private final RedisKeys keys;
  private final Runnable wake;
  private final List<Consumer<String>> revokeListeners = new CopyOnWriteArrayList<>();
  private StatefulRedisPubSubConnection<String, String> connection;

  BrokerNotifications(RedisClient client, RedisKeys keys, Runnable wake) {
    this.client = client;
    this.keys = keys;
    this.wake = wake;
  }

  private synchronized StatefulRedisPubSubConnection<String, String> connection() {
    if (connection == null) {
      connection = client.connectPubSub();
      connection.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          if (channel.equals(keys.revokeChannel())) {
            for (Consumer<String> l : revokeListeners) {
              try {
                l.accept(message);
              } catch (RuntimeException e) {
                log.warn("redis-broker: revoke listener failed for {}: {}", message, e.toString());
              }
            }
          } else if (channel.equals(keys.wakeChannel())) {
            wake.run();
          }
        }
      });
    }
    return connection;
  }

  void listenForWakeUps() {
    connection().sync().subscribe(keys.wakeChannel());
  }

  AutoCloseable watchRevoked(Consumer<String> listener) {
    revokeListeners.add(listener);
    connection().sync().subscribe(keys.revokeChannel());
    return () -> revokeListeners.remove(listener);
  }

  synchronized void close() {
    if (connection != null) {
      connection.close();
    }
  }
}
