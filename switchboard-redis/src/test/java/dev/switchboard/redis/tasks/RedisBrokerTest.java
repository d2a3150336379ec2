package dev.switchboard.redis.tasks;

import dev.switchboard.testing.RedisServer;

import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.testing.BrokerContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisBrokerTest extends BrokerContract {
  static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected Broker createBroker(Duration lease) {
    return RedisBroker.create(redis.uri(), lease, "t" + UUID.randomUUID().toString().substring(0, 8));
  }
}
