package dev.switchboard.redis.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Redis key names of the task broker and result backend, all under one prefix (default
 * {@code "sb"}), so several apps can share a Redis server.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code <p>:q:<queue>:<band>}</td><td>stream per queue and priority band (2 high: 7-9,
 *       1 normal: 4-6, 0 low: 0-3), consumer group {@value #GROUP}</td></tr>
 *   <tr><td>{@code <p>:delayed}</td><td>sorted set of messages waiting for their ETA, scored by
 *       due time, member {@code <stream>\n<body>}</td></tr>
 *   <tr><td>{@code <p>:dead}</td><td>stream of dead letters (queue, body, reason, time)</td></tr>
 *   <tr><td>{@code <p>:revoked}</td><td>sorted set of revoked task ids, scored by expiry</td></tr>
 *   <tr><td>{@code <p>:workers}, {@code <p>:worker:<id>}</td><td>heartbeat index and records</td></tr>
 *   <tr><td>{@code <p>:r:<id>}</td><td>hash of a task's state ({@code s}) and record ({@code d})</td></tr>
 *   <tr><td>{@code <p>:chord:<id>}</td><td>hash of a chord's member results and counters</td></tr>
 *   <tr><td>channels {@code <p>:done:<id>}, {@code <p>:revoke}, {@code <p>:wake}</td><td>result
 *       ready, new revocation, new delayed message</td></tr>
 * </table>
 */
final class RedisKeys {
  /** The entry field with the deliveries of a message before it was given back (requeued). */
  static final String DELIVERIES = "n";

  /** The consumer group every worker of a queue joins. */
  static final String GROUP = "workers";
  /** Bands from highest to lowest priority. */
  static final int[] BANDS_HIGH_FIRST = {2, 1, 0};

  private final String prefix;

  RedisKeys(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.matches("[A-Za-z0-9_.\\-]{1,50}")) {
      throw new IllegalArgumentException(
          "key prefix must be 1 to 50 ASCII letters, digits, '-', '_' or '.': '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  /** Returns the band of a priority 0-9: 2 for 7-9, 1 for 4-6, 0 for 0-3. */
  static int band(int priority) {
    return priority >= 7 ? 2 : priority >= 4 ? 1 : 0;
  }

  String stream(String queue, int band) {
    return prefix + ":q:" + queue + ":" + band;
  }

  /** Returns the streams of {@code queues}, highest band first, queue order within a band. */
  List<String> streamsHighFirst(List<String> queues) {
    List<String> out = new ArrayList<>(queues.size() * 3);
    for (int band : BANDS_HIGH_FIRST) {
      for (String q : queues) {
        out.add(stream(q, band));
      }
    }
    return out;
  }

  /** Returns the queue name of a stream key. */
  String queueOf(String stream) {
    int start = prefix.length() + 3;
    return stream.substring(start, stream.lastIndexOf(':'));
  }

  String delayed() {
    return prefix + ":delayed";
  }

  String dead() {
    return prefix + ":dead";
  }

  String revoked() {
    return prefix + ":revoked";
  }

  String revokeChannel() {
    return prefix + ":revoke";
  }

  String wakeChannel() {
    return prefix + ":wake";
  }

  String workers() {
    return prefix + ":workers";
  }

  String worker(String id) {
    return prefix + ":worker:" + id;
  }

  String result(String id) {
    return prefix + ":r:" + id;
  }

  String doneChannel(String id) {
    return prefix + ":done:" + id;
  }

  String donePattern() {
    return prefix + ":done:*";
  }

  /** Returns the task id of a {@link #doneChannel} name. */
  String idOfDoneChannel(String channel) {
    return channel.substring(prefix.length() + 6);
  }

  String chord(String id) {
    return prefix + ":chord:" + id;
  }

  String beatLease() {
    return prefix + ":beat:lease";
  }

  String beatLastRun() {
    return prefix + ":beat:last";
  }
}
