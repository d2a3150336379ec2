package dev.switchboard.amqp;

import dev.switchboard.Nullable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A broker URL split into the part the RabbitMQ client reads ({@code amqp://user:pass@host:port/vhost}
 * with its own query parameters) and Switchboard's parameters, taken off:
 *
 * <ul>
 *   <li>{@code prefix} names of every RabbitMQ object (default "sb");
 *   <li>{@code queue_type} {@code quorum} (default) or {@code classic};
 *   <li>{@code max_deliveries} deliveries of one message before it is dead-lettered (quorum
 *       queues; default {@value AmqpBroker#DEFAULT_MAX_DELIVERIES});
 *   <li>{@code backend} the URL of the result backend and beat store, URL-encoded
 *       ({@code backend=redis%3A%2F%2F127.0.0.1%3A6379}; RabbitMQ keeps no results).
 * </ul>
 *
 * @param uri what the RabbitMQ client connects to
 * @param prefix the object-name prefix
 * @param type the queue type
 * @param maxDeliveries the delivery limit
 * @param backend the result backend's URL, or null
 */
record AmqpUrl(String uri, String prefix, QueueType type, int maxDeliveries,
    @Nullable String backend) {

  /** Returns whether {@code url} is an AMQP URL. */
  static boolean isAmqp(String url) {
    return url.startsWith("amqp://") || url.startsWith("amqps://");
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException naming the parameter and the rule it breaks
   */
  static AmqpUrl parse(String url) {
    if (!isAmqp(url)) {
      throw new IllegalArgumentException("broker URL must start with amqp:// or amqps://: " + url);
    }
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    List<String> rest = new ArrayList<>();
    String prefix = "sb";
    QueueType type = QueueType.QUORUM;
    int max = AmqpBroker.DEFAULT_MAX_DELIVERIES;
    String backend = null;
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (key) {
          case "prefix" -> prefix = value;
          case "queue_type" -> type = QueueType.parse(value);
          case "max_deliveries" -> max = maxDeliveries(value);
          case "backend" -> backend = value.isEmpty() ? null : value;
          default -> rest.add(pair);
        }
      }
    }
    new AmqpNames(prefix);
    String uri = rest.isEmpty() ? base : base + "?" + String.join("&", rest);
    return new AmqpUrl(uri, prefix, type, max, backend);
  }

  private static int maxDeliveries(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("max_deliveries must be a whole number of at least 1: '"
        + value + "'");
  }
}
