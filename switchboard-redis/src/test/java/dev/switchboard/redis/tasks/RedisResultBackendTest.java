package dev.switchboard.redis.tasks;

import dev.switchboard.testing.RedisServer;

import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.testing.ResultBackendContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisResultBackendTest extends ResultBackendContract {
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
  protected ResultBackend createBackend(Duration ttl) {
    return RedisResultBackend.create(redis.uri(), ttl);
  }
}
