package dev.switchboard.amqp;

import dev.switchboard.tasks.spi.Delivery;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One message handed out by an {@link AmqpConsumer}, identified by its channel's delivery tag.
 * It is settled once: by its holder, by the lease watchdog when its lease lapses (requeued), or
 * by a lost channel (RabbitMQ requeues it itself); later settles do nothing.
 */
final class AmqpDelivery implements Delivery {
  static final int OPEN = 0;
  static final int SETTLED = 1;
  static final int LOST = 2;

  private final AmqpConsumer consumer;
  private final long tag;
  private final String queue;
  private final String body;
  private final boolean redelivered;
  final int priority;
  final long seq;
  private final AtomicInteger state = new AtomicInteger(OPEN);
  private volatile long renewedAt = System.currentTimeMillis();

  AmqpDelivery(AmqpConsumer consumer, long tag, String queue, String body, boolean redelivered,
      int priority, long seq) {
    this.consumer = consumer;
    this.tag = tag;
    this.queue = queue;
    this.body = body;
    this.redelivered = redelivered;
    this.priority = priority;
    this.seq = seq;
  }

  long tag() {
    return tag;
  }

  long renewedAt() {
    return renewedAt;
  }

  /** Takes the right to settle; false if it was settled or lost already. */
  boolean claim(int to) {
    return state.compareAndSet(OPEN, to);
  }

  @Override
  public String body() {
    return body;
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public String deliveryId() {
    return Long.toString(tag);
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  @Override
  public CompletableFuture<Void> ack() {
    return claim(SETTLED) ? consumer.settle(this, AmqpConsumer.Settle.ACK) : already();
  }

  @Override
  public CompletableFuture<Void> reject(boolean requeue) {
    if (!claim(SETTLED)) {
      return already();
    }
    // Without requeue the message is dropped: acknowledged, so RabbitMQ does not dead-letter it.
    return consumer.settle(this, requeue ? AmqpConsumer.Settle.REQUEUE : AmqpConsumer.Settle.ACK);
  }

  @Override
  public CompletableFuture<Void> deadLetter(String reason) {
    if (!claim(SETTLED)) {
      return already();
    }
    return consumer.deadLetter(this, reason);
  }

  @Override
  public CompletableFuture<Void> extendLease() {
    renewedAt = System.currentTimeMillis();
    return state.get() == LOST ? already() : CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> already() {
    if (state.get() == LOST) {
      return CompletableFuture.failedFuture(new IOException("delivery " + tag + " of queue '"
          + queue + "' was lost with its RabbitMQ channel; RabbitMQ delivers it again"));
    }
    return CompletableFuture.completedFuture(null);
  }
}
