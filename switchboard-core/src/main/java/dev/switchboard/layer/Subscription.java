package dev.switchboard.layer;

/** A process-local subscription to a channel; closing it stops delivery to the listener. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Ends the subscription; idempotent. Messages sent afterwards wait for a receiver. */
  @Override
  void close();
}
