package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.spi.BackendProvider;
import dev.switchboard.tasks.spi.BeatStore;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.ResultBackend;

/**
 * The {@code redis://} and {@code rediss://} provider: {@link RedisBroker}, {@link
 * RedisResultBackend} and {@link RedisBeatStore} with default settings and key prefix "sb".
 */
public final class RedisBackendProvider implements BackendProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public RedisBackendProvider() {}

  @Override
  public boolean supports(String url) {
    return url.startsWith("redis://") || url.startsWith("rediss://");
  }

  @Override
  public Broker broker(String url) {
    return RedisBroker.create(url);
  }

  @Override
  public ResultBackend resultBackend(String url) {
    return RedisResultBackend.create(url);
  }

  @Override
  public BeatStore beatStore(String url) {
    return RedisBeatStore.create(url);
  }
}
