package dev.switchboard.tasks.spi;

/** Receives deliveries from {@link Broker#consume}. */
@FunctionalInterface
public interface DeliveryHandler {
  /**
   * Called for each delivery, on the broker's thread: it must not block (hand the work to
   * another thread) and must eventually settle the delivery.
   */
  void onDelivery(Delivery delivery);
}
