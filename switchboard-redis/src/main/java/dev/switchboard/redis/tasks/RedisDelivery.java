package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.spi.Delivery;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream entry held by one consumer: settling it acknowledges (and deletes) the entry, or moves
 * it back to its stream or to the dead letters; the first settle frees the consumer's credit.
 */
final class RedisDelivery implements Delivery {
  private final RedisBroker broker;
  private final RedisConsumer owner;
  private final String stream;
  private final String entryId;
  private final String body;
  private final boolean redelivered;
  private final int deliveries;
  private final AtomicBoolean settled = new AtomicBoolean();

  RedisDelivery(
      RedisBroker broker, RedisConsumer owner, String stream, String entryId, String body,
      boolean redelivered, int deliveries) {
    this.broker = broker;
    this.owner = owner;
    this.stream = stream;
    this.entryId = entryId;
    this.body = body;
    this.redelivered = redelivered;
    this.deliveries = deliveries;
  }

  @Override
  public String body() {
    return body;
  }

  @Override
  public String queue() {
    return broker.keys().queueOf(stream);
  }

  @Override
  public String deliveryId() {
    return entryId;
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  String stream() {
    return stream;
  }

  String consumerName() {
    return owner.name();
  }

  @Override
  public CompletableFuture<Void> ack() {
    release();
    return broker.acks().ack(stream, entryId);
  }

  @Override
  public CompletableFuture<Void> reject(boolean requeue) {
    release();
    if (!requeue) {
      return broker.acks().ack(stream, entryId);
    }
    // The count travels with the new entry, so giving a message back never resets it.
    return broker.move(stream, stream, entryId, "b", body, RedisKeys.DELIVERIES,
        Integer.toString(deliveries));
  }

  @Override
  public CompletableFuture<Void> deadLetter(String reason) {
    Objects.requireNonNull(reason, "reason");
    release();
    return broker.move(stream, broker.keys().dead(), entryId, "q", queue(), "b", body, "r", reason,
        "t", Long.toString(System.currentTimeMillis()));
  }

  @Override
  public CompletableFuture<Void> extendLease() {
    return broker.extendLeases(List.of(this));
  }

  private void release() {
    if (settled.compareAndSet(false, true)) {
      owner.released();
    }
  }

  @Override
  public String toString() {
    return "delivery[" + stream + "#" + entryId + "]";
  }
}
