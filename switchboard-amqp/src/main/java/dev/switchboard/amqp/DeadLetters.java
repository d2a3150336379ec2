package dev.switchboard.amqp;

import dev.switchboard.tasks.spi.DeadLetter;
import java.util.List;
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
      long count = deliveries(e.headers());
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

  private static long deliveries(Map<String, Object> headers) {
    Object n = headers.get("x-delivery-count");
    if (n instanceof Number c) {
      return c.longValue() + 1;
    }
    Object deaths = headers.get("x-death");
    if (deaths instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m
        && m.get("count") instanceof Number c) {
      return c.longValue();
    }
    return 0;
  }
}
