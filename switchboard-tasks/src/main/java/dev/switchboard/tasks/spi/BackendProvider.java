package dev.switchboard.tasks.spi;

/**
 * Makes brokers, result backends and beat stores from a URL, found with {@link
 * java.util.ServiceLoader}: {@code TaskApp.builder().url("redis://127.0.0.1:6379")} picks the
 * provider whose {@link #supports} says yes. switchboard-tasks provides {@code memory:}; the
 * switchboard-redis module registers {@code redis://}, switchboard-amqp {@code amqp://}, in {@code
 * META-INF/services/dev.switchboard.tasks.spi.BackendProvider}.
 */
public interface BackendProvider {
  /** Returns whether this provider handles {@code url}, judged by its scheme. */
  boolean supports(String url);

  /**
   * Checks {@code url}'s parameters without connecting (called by {@code Backends.forUrl}).
   *
   * @throws IllegalArgumentException naming the parameter and the rule it breaks
   */
  default void check(String url) {}

  /** Returns a new broker for {@code url}. */
  Broker broker(String url);

  /** Returns a new result backend for {@code url}. */
  ResultBackend resultBackend(String url);

  /** Returns a new beat store for {@code url}. */
  BeatStore beatStore(String url);
}
