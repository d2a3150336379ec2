package dev.switchboard.postgres;

import dev.switchboard.tasks.spi.BackendProvider;
import dev.switchboard.tasks.spi.BeatStore;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.ResultBackend;

/**
 * The {@code postgresql://} and {@code postgres://} provider: a {@link PostgresResultBackend}.
 * PostgreSQL is a result backend here, not a broker: name it as the {@code backend} of a broker
 * URL ({@code amqp://...?backend=postgresql%3A%2F%2F...}) or pass it to {@code
 * TaskApp.builder().resultBackend(...)}.
 */
public final class PostgresBackendProvider implements BackendProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public PostgresBackendProvider() {}

  @Override
  public boolean supports(String url) {
    return PgUrl.isPostgres(url);
  }

  @Override
  public void check(String url) {
    PgUrl.parse(url);
  }

  @Override
  public Broker broker(String url) {
    throw new IllegalArgumentException("PostgreSQL is a result backend, not a task broker: use a"
        + " redis:// or amqp:// broker and name PostgreSQL as its result backend");
  }

  @Override
  public ResultBackend resultBackend(String url) {
    return PostgresResultBackend.create(url);
  }

  @Override
  public BeatStore beatStore(String url) {
    throw new IllegalArgumentException("PostgreSQL keeps no beat state yet: run beat with a"
        + " redis:// result backend, or a single beat node with the in-memory store");
  }
}
