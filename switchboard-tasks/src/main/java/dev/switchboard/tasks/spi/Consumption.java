package dev.switchboard.tasks.spi;

/**
 * A running {@link Broker#consume} registration. Closing it stops fetching; deliveries already
 * handed out stay leased to their holder and are settled as usual.
 */
public interface Consumption extends AutoCloseable {
  /**
   * Stops fetching new deliveries and returns once no more will be handed to the handler.
   * Idempotent.
   */
  @Override
  void close();
}
