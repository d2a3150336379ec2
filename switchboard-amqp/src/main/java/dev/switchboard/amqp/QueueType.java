package dev.switchboard.amqp;

/**
 * The kind of RabbitMQ queue that holds task messages.
 *
 * <ul>
 *   <li>{@link #QUORUM} (the default): replicated Raft queues, durable, with a delivery limit
 *       enforced by RabbitMQ itself. RabbitMQ before 4.0 has no message priorities on them, so
 *       each task queue is three quorum queues, one per priority band (0-3, 4-6, 7-9), and a
 *       consumer takes the highest band first.
 *   <li>{@link #CLASSIC}: durable classic queues with {@code x-max-priority} 9 (ten priority
 *       levels, one queue per task queue). RabbitMQ counts no deliveries on them, so there is no
 *       delivery limit.
 * </ul>
 */
public enum QueueType {
  /** Replicated quorum queues (the default). */
  QUORUM,
  /** Classic queues with ten priority levels. */
  CLASSIC;

  /**
   * Parses {@code quorum} or {@code classic}, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted values otherwise
   */
  public static QueueType parse(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "quorum" -> QUORUM;
      case "classic" -> CLASSIC;
      default -> throw new IllegalArgumentException(
          "queue_type must be quorum or classic: '" + value + "'");
    };
  }
}
