package dev.switchboard.tasks.spi;

import java.util.Objects;

/**
 * A message that could never run, kept with the reason instead of being retried forever.
 *
 * @param queue the queue it came from
 * @param body the message as received
 * @param reason why it was set aside, such as {@code "unknown task name 'x'"}
 * @param atMillis when, milliseconds since the epoch
 */
public record DeadLetter(String queue, String body, String reason, long atMillis) {
  /** Checks the parts. */
  public DeadLetter {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(reason, "reason");
  }
}
