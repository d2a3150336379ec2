package dev.switchboard.tasks.spi;

import java.util.concurrent.CompletableFuture;

/**
 * One message handed to a consumer, leased to it until it is settled with exactly one of {@link
 * #ack()}, {@link #reject(boolean)} or {@link #deadLetter(String)}.
 *
 * <p>The lease lasts {@link Broker#lease()} from delivery or from the last {@link
 * #extendLease()}; a delivery whose lease lapses is redelivered to another consumer (the holder is
 * presumed dead). A worker therefore extends the leases of the tasks it is running. Settling an
 * already settled or reclaimed delivery is harmless. Methods are thread-safe.
 */
public interface Delivery {
  /** Returns the encoded task message, as published. */
  String body();

  /** Returns the queue it came from. */
  String queue();

  /** Returns the broker's id for this delivery (a stream entry id, a sequence number). */
  String deliveryId();

  /** Returns whether the message was delivered before and not acknowledged (a reclaim). */
  boolean redelivered();

  /**
   * Acknowledges the message: it is done and never delivered again.
   *
   * @return completes when the broker has recorded it (implementations may batch)
   */
  CompletableFuture<Void> ack();

  /**
   * Gives the message back: with {@code requeue} it becomes deliverable again at once (to any
   * consumer), without it it is dropped.
   */
  CompletableFuture<Void> reject(boolean requeue);

  /**
   * Moves the message to the dead-letter store with {@code reason} and acknowledges it; for
   * messages that can never run (malformed, unknown task name).
   */
  CompletableFuture<Void> deadLetter(String reason);

  /** Renews the lease for another {@link Broker#lease()}. */
  CompletableFuture<Void> extendLease();
}
