package dev.switchboard.amqp;

import dev.switchboard.tasks.spi.DeadLetter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Dead letters in the {@code <p>:dead} stream: those set aside by a worker carry the reason in a
 * header; those RabbitMQ dead-letters itself (a quorum queue's delivery limit) carry its {@code
 * x-death} headers, turned into a reason here.
 */
final class DeadLetters {
  static final String REASON = "sb-reason";
  static final String AT = "sb-at";
  /** The header with the delivery limit of the queue a message was published to. */
  static final String LIMIT = "sb-max-deliveries";

  private DeadLetters() {}

  static CompletableFuture<Void> append(StreamLog streams, AmqpNames names, AmqpDelivery d,
      String reason) {
    return streams.append(names.deadStream(), Map.of(AmqpBroker.QUEUE_HEADER, d.queue(),
        REASON, reason, AT, System.currentTimeMillis()), d.body());
  }

  static DeadLetter of(StreamLog.Entry e) {
    String queue = e.header(AmqpBroker.QUEUE_HEADER);
    String reason = e.header(REASON);
    long at = e.longHeader(AT);
    if (reason == null) {
      String why = e.header("x-first-death-reason");
      long count = e.longHeader(LIMIT);
      reason = "delivery_limit".equals(why)
          ? "delivered " + (count > 0 ? count + " times" : "too often")
              + " without being settled (the queue's delivery limit, max_deliveries): its worker"
              + " may crash on it"
          : "dead-lettered by RabbitMQ: " + why + " in " + e.header("x-first-death-queue");
    }
    if (at == 0) {
      at = System.currentTimeMillis();
    }
    return new DeadLetter(queue == null ? "?" : queue, e.body(), reason, at);
  }
}
