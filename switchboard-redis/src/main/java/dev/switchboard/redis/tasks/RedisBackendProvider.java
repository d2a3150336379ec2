package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.spi.BackendProvider;
import dev.switchboard.tasks.spi.BeatStore;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.ResultBackend;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code redis://} and {@code rediss://} provider: {@link RedisBroker}, {@link
 * RedisResultBackend} and {@link RedisBeatStore} with default settings. The key prefix is "sb",
 * or the value of a {@code prefix} query parameter ({@code redis://host:6379?prefix=shop}); a
 * {@code max_deliveries} parameter sets the broker's delivery limit (default 10). Both are taken
 * off before the URL reaches the Redis client.
 */
public final class RedisBackendProvider implements BackendProvider {
  private static final Pattern PREFIX = Pattern.compile("([?&])prefix=([^&]*)&?");
  private static final Pattern MAX_DELIVERIES = Pattern.compile("([?&])max_deliveries=([^&]*)&?");

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public RedisBackendProvider() {}

  @Override
  public boolean supports(String url) {
    return url.startsWith("redis://") || url.startsWith("rediss://");
  }

  @Override
  public void check(String url) {
    maxDeliveries(url);
  }

  @Override
  public Broker broker(String url) {
    return RedisBroker.create(uri(url), RedisBroker.DEFAULT_LEASE, prefix(url),
        maxDeliveries(url));
  }

  @Override
  public ResultBackend resultBackend(String url) {
    return RedisResultBackend.create(uri(url), ResultBackend.DEFAULT_TTL, prefix(url));
  }

  @Override
  public BeatStore beatStore(String url) {
    return RedisBeatStore.create(uri(url), prefix(url));
  }

  /** Returns the key prefix named by the URL, or "sb". */
  static String prefix(String url) {
    Matcher m = PREFIX.matcher(url);
    return m.find() && !m.group(2).isEmpty() ? m.group(2) : "sb";
  }

  /**
   * Returns the delivery limit named by the URL, or {@link RedisBroker#DEFAULT_MAX_DELIVERIES}.
   *
   * @throws IllegalArgumentException if it is not a whole number of at least 1
   */
  static int maxDeliveries(String url) {
    Matcher m = MAX_DELIVERIES.matcher(url);
    if (!m.find()) {
      return RedisBroker.DEFAULT_MAX_DELIVERIES;
    }
    try {
      int n = Integer.parseInt(m.group(2));
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "max_deliveries must be a whole number of at least 1: '" + m.group(2) + "'");
  }

  /** Returns the URL without its {@code prefix} and {@code max_deliveries} parameters. */
  static String uri(String url) {
    return without(without(url, PREFIX), MAX_DELIVERIES);
  }

  private static String without(String url, Pattern param) {
    Matcher m = param.matcher(url);
    if (!m.find()) {
      return url;
    }
    String rest = url.substring(m.end());
    String head = url.substring(0, m.start());
    return rest.isEmpty() ? head : head + m.group(1) + rest;
  }
}
