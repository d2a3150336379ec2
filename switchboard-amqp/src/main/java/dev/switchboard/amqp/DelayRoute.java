package dev.switchboard.amqp;

/**
 * Delays kept in RabbitMQ without plugins, as a chain of {@value AmqpNames#DELAY_BITS} levels.
 * Level n is a topic exchange and a queue whose messages live 2^n ms ({@code x-message-ttl}) and
 * then dead-letter into level n-1's exchange (level 0's into the deliver exchange). A message's
 * routing key spells its delay in binary, one word per bit, most significant first: level n
 * routes it into its queue when bit n is 1 and straight on to level n-1 when it is 0. So a
 * message waits exactly its delay in total, every queue has one TTL (messages expire in order,
 * none blocks another), and the topology is fixed whatever the delays.
 *
 * <p>The deliver exchange is a headers exchange: each task queue is bound with its own name in
 * the {@value #DESTINATION} header, which the publisher sets.
 */
final class DelayRoute {
  /** The header that names the task queue a delayed message returns to. */
  static final String DESTINATION = "sb-destination";
  /** The longest delay, in milliseconds. */
  static final long MAX_DELAY_MS = (1L << AmqpNames.DELAY_BITS) - 1;

  private DelayRoute() {}

  /**
   * Returns the routing key of a delay.
   *
   * @throws IllegalArgumentException if it is negative or above {@link #MAX_DELAY_MS}
   */
  static String routingKey(long delayMs) {
    if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
      throw new IllegalArgumentException("a task's ETA may be at most " + MAX_DELAY_MS
          + " ms (about 397 days) ahead on RabbitMQ: " + delayMs + " ms");
    }
    StringBuilder key = new StringBuilder(AmqpNames.DELAY_BITS * 2);
    for (int n = AmqpNames.DELAY_BITS - 1; n >= 0; n--) {
      key.append((delayMs >>> n & 1) == 1 ? '1' : '0');
      if (n > 0) {
        key.append('.');
      }
    }
    return key.toString();
  }

  /** Returns the topic pattern that matches keys whose bit {@code n} is {@code bit}. */
  static String pattern(int n, char bit) {
    StringBuilder p = new StringBuilder();
    for (int i = AmqpNames.DELAY_BITS - 1; i >= 0; i--) {
      p.append(i == n ? bit : '*');
      if (i > 0) {
        p.append('.');
      }
    }
    return p.toString();
  }
}
