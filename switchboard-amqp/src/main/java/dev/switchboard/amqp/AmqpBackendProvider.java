package dev.switchboard.amqp;

import dev.switchboard.tasks.Backends;
import dev.switchboard.tasks.spi.BackendProvider;
import dev.switchboard.tasks.spi.BeatStore;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.ResultBackend;

/**
 * The {@code amqp://} and {@code amqps://} provider: an {@link AmqpBroker}, with results and beat
 * state kept by the backend named in the URL's {@code backend} parameter (RabbitMQ keeps no
 * results), for example {@code
 * amqp://guest:guest@127.0.0.1:5672?backend=redis%3A%2F%2F127.0.0.1%3A6379}.
 */
public final class AmqpBackendProvider implements BackendProvider {
  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public AmqpBackendProvider() {}

  @Override
  public boolean supports(String url) {
    return AmqpUrl.isAmqp(url);
  }

  /** Checks the parameters, and that a result backend is named and known. */
  @Override
  public void check(String url) {
    Backends.forUrl(backend(url));
  }

  @Override
  public Broker broker(String url) {
    return AmqpBroker.create(url);
  }

  @Override
  public ResultBackend resultBackend(String url) {
    String b = backend(url);
    return Backends.forUrl(b).resultBackend(b);
  }

  @Override
  public BeatStore beatStore(String url) {
    String b = backend(url);
    return Backends.forUrl(b).beatStore(b);
  }

  private static String backend(String url) {
    String b = AmqpUrl.parse(url).backend();
    if (b == null) {
      throw new IllegalArgumentException("RabbitMQ keeps no task results: add a result backend to"
          + " the broker URL, such as ?backend=redis%3A%2F%2F127.0.0.1%3A6379");
    }
    if (AmqpUrl.isAmqp(b)) {
      throw new IllegalArgumentException("backend must not be another amqp:// URL: " + b);
    }
    return b;
  }
}
