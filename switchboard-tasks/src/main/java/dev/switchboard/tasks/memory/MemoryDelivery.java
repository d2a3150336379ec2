package dev.switchboard.tasks.memory;

import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.Envelope;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A delivery of the {@link InMemoryBroker}: a token into {@link MemoryQueues}' held table. */
final class MemoryDelivery implements Delivery {
  private final MemoryQueues queues;
  private final long token;
  private final Envelope envelope;
  private final boolean redelivered;

  MemoryDelivery(MemoryQueues queues, long token, Envelope envelope, boolean redelivered) {
    this.queues = queues;
    this.token = token;
    this.envelope = envelope;
    this.redelivered = redelivered;
  }

  @Override
  public String body() {
    return envelope.body();
  }

  @Override
  public String queue() {
    return envelope.queue();
  }

  @Override
  public String deliveryId() {
    return Long.toString(token);
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  @Override
  public CompletableFuture<Void> ack() {
    return queues.settle(token, false, null);
  }

  @Override
  public CompletableFuture<Void> reject(boolean requeue) {
    return queues.settle(token, requeue, null);
  }

  @Override
  public CompletableFuture<Void> deadLetter(String reason) {
    return queues.settle(token, false, Objects.requireNonNull(reason, "reason"));
  }

  @Override
  public CompletableFuture<Void> extendLease() {
    return queues.extend(token);
  }

  @Override
  public String toString() {
    return "delivery[" + envelope.queue() + "#" + token + ", task " + envelope.id() + "]";
  }
}
