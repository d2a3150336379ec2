package dev.switchboard.amqp;

import java.util.List;

/**
 * The RabbitMQ names of one broker's objects, all under its prefix {@code <p>} (letters, digits,
 * '-', '_' and '.'; task queue names use the same characters, so ':' separates the parts and no
 * two objects can share a name):
 *
 * <ul>
 *   <li>{@code <p>:<queue>} the task queue (classic, or the quorum band for priorities 4-6), with
 *       {@code <p>:<queue>:high} (7-9) and {@code <p>:<queue>:low} (0-3) for quorum queues;
 *   <li>{@code <p>:delay:NN} the delay levels (exchange and queue, NN = 0..{@value #DELAY_BITS}-1)
 *       and {@code <p>:delay:deliver}, the headers exchange that hands due messages back;
 *   <li>{@code <p>:dead}, {@code <p>:revoked} and {@code <p>:workers}, streams read without
 *       consuming: dead letters, revocations and worker heartbeats.
 * </ul>
 */
final class AmqpNames {
  /** Delays are sums of 2^n milliseconds for n below this: up to about 397 days. */
  static final int DELAY_BITS = 35;

  private final String prefix;

  AmqpNames(String prefix) {
    if (prefix.isEmpty() || prefix.length() > 50 || !prefix.matches("[A-Za-z0-9_.\\-]+")) {
      throw new IllegalArgumentException(
          "prefix must be 1 to 50 ASCII letters, digits, '-', '_' or '.': '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  /** Returns the band index (0 low, 1 normal, 2 high) of a priority 0-9. */
  static int band(int priority) {
    return priority >= 7 ? 2 : priority >= 4 ? 1 : 0;
  }

  /** Returns the RabbitMQ queue that holds {@code queue}'s messages of {@code priority}. */
  String workQueue(String queue, QueueType type, int priority) {
    if (type == QueueType.CLASSIC) {
      return prefix + ":" + queue;
    }
    return switch (band(priority)) {
      case 2 -> prefix + ":" + queue + ":high";
      case 1 -> prefix + ":" + queue;
      default -> prefix + ":" + queue + ":low";
    };
  }

  /** Returns every RabbitMQ queue of {@code queue}, highest priority first. */
  List<String> workQueues(String queue, QueueType type) {
    if (type == QueueType.CLASSIC) {
      return List.of(workQueue(queue, type, 5));
    }
    return List.of(workQueue(queue, type, 9), workQueue(queue, type, 5), workQueue(queue, type, 0));
  }

  String delayLevel(int n) {
    return String.format("%s:delay:%02d", prefix, n);
  }

  String delayDeliver() {
    return prefix + ":delay:deliver";
  }

  String deadStream() {
    return prefix + ":dead";
  }

  String revokedStream() {
    return prefix + ":revoked";
  }

  String workersStream() {
    return prefix + ":workers";
  }
}
