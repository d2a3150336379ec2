package dev.switchboard.tasks.spi;

import java.util.Objects;

/**
 * One encoded task message on its way to a broker: the queue and priority that route it, when it
 * is due, and the body the broker stores without reading.
 *
 * @param id the task id, used for logs and dead letters only
 * @param queue the queue name
 * @param priority 0 (lowest) to 9 (highest)
 * @param etaMillis when the task is due, milliseconds since the epoch; 0 or a past time means now
 * @param body the encoded task message (JSON), opaque to the broker
 */
public record Envelope(String id, String queue, int priority, long etaMillis, String body) {
  /** The lowest priority. */
  public static final int MIN_PRIORITY = 0;
  /** The highest priority. */
  public static final int MAX_PRIORITY = 9;

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if the queue name is not 1 to 100 ASCII letters, digits,
   *     '-', '_' or '.', or the priority is outside 0-9
   */
  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    checkQueue(queue);
    if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be from 0 to 9: " + priority);
    }
  }

  /**
   * Checks a queue name.
   *
   * @return the name
   * @throws IllegalArgumentException if it is not 1 to 100 ASCII letters, digits, '-', '_' or '.'
   */
  public static String checkQueue(String queue) {
    Objects.requireNonNull(queue, "queue");
    if (queue.isEmpty() || queue.length() > 100 || !queue.matches("[A-Za-z0-9_.\\-]+")) {
      throw new IllegalArgumentException(
          "queue name must be 1 to 100 ASCII letters, digits, '-', '_' or '.': '" + queue + "'");
    }
    return queue;
  }
}
