package dev.switchboard.redis.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.Backends;
import org.junit.jupiter.api.Test;

class RedisBackendProviderTest {
  @Test
  void maxDeliveriesParameterIsReadCheckedAndTakenOff() {
    assertThat(RedisBackendProvider.maxDeliveries("redis://h:1")).isEqualTo(10);
    assertThat(RedisBackendProvider.maxDeliveries("redis://h:1?prefix=p&max_deliveries=3"))
        .isEqualTo(3);
    assertThat(RedisBackendProvider.uri("redis://h:1?max_deliveries=3&prefix=p"))
        .isEqualTo("redis://h:1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RedisBackendProvider.maxDeliveries("redis://h:1?max_deliveries=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_deliveries");
  }

  @Test
  void prefixParameterIsReadAndTakenOff() {
    assertThat(RedisBackendProvider.prefix("redis://h:1")).isEqualTo("sb");
    assertThat(RedisBackendProvider.prefix("redis://h:1?prefix=shop")).isEqualTo("shop");
    assertThat(RedisBackendProvider.uri("redis://h:1?prefix=shop")).isEqualTo("redis://h:1");
    assertThat(RedisBackendProvider.uri("redis://h:1/2?prefix=shop&timeout=5s"))
        .isEqualTo("redis://h:1/2?timeout=5s");
    assertThat(RedisBackendProvider.uri("redis://h:1?timeout=5s&prefix=shop"))
        .isEqualTo("redis://h:1?timeout=5s");
  }

  @Test
  void serviceLoaderFindsTheRedisProvider() {
    assertThat(Backends.forUrl("redis://127.0.0.1:6379")).isInstanceOf(RedisBackendProvider.class);
    assertThat(Backends.forUrl("memory:").getClass().getSimpleName()).isEqualTo("MemoryBackendProvider");
  }
}
