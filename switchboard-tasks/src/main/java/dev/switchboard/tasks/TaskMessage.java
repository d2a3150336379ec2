package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Envelope;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The wire form of one task invocation, encoded as JSON into an {@link Envelope}'s body.
 *
 * @param id the task id
 * @param name the registered task name
 * @param args the JSON arguments (null when the task takes none)
 * @param queue the queue it was sent to
 * @param priority 0-9, higher first
 * @param eta when it is due, epoch ms (0 = at once)
 * @param expires after when it must not start, epoch ms (0 = never)
 * @param retries how many times it was retried before this run
 * @param headers caller headers
 * @param chain the links still to run after this one, in order, each fed this one's result
 * @param chord set when this task is a chord member
 * @param sent when the first run was sent, epoch microseconds
 * @param parent the id of the task whose completion sent this one, or null
 */
record TaskMessage(
    String id,
    String name,
    @Nullable JsonNode args,
    String queue,
    int priority,
    long eta,
    long expires,
    int retries,
    @Nullable Map<String, String> headers,
    @Nullable List<Link> chain,
    @Nullable ChordRef chord,
    long sent,
    @Nullable String parent) {

  /** Checks the parts a worker relies on; a decoded message that fails goes to dead letters. */
  TaskMessage {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("task message has no 'id'");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("task message has no 'name'");
    }
    Objects.requireNonNull(queue, "task message has no 'queue'");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    chain = chain == null ? List.of() : List.copyOf(chain);
  }

  /**
   * A task still to be sent: a chain link or a chord callback.
   *
   * @param id the task id, fixed when the canvas was built so callers can wait on it
   * @param name the task name
   * @param args fixed arguments, or null to take the previous result
   * @param queue the queue, or null for the task's own
   * @param priority the priority, or -1 for the task's own
   */
  record Link(
      String id, String name, @Nullable JsonNode args, @Nullable String queue, int priority) {}

  /**
   * Chord membership.
   *
   * @param id the chord id (equal to the callback's task id)
   * @param index this member's position
   * @param size how many members the chord has
   * @param callback the task sent with every member's result once all have finished
   */
  record ChordRef(String id, int index, int size, Link callback) {}

  /** Returns a copy for the next retry: one more retry, due at {@code etaMillis}. */
  TaskMessage retried(long etaMillis) {
    return new TaskMessage(
        id, name, args, queue, priority, etaMillis, expires, retries + 1, headers, chain, chord,
        sent, parent);
  }

  /** Returns a label for logs: {@code name[id]}. */
  String label() {
    return name + "[" + id + "]";
  }
}
