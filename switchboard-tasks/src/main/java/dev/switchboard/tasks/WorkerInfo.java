package dev.switchboard.tasks;

import java.util.List;
import java.util.Objects;

/**
 * A worker's heartbeat: who it is and how busy it is. Stored by the broker with a time to live,
 * so {@link Control#workers()} lists only workers that beat recently.
 *
 * @param id the worker id, unique per worker start ({@code hostname-pid-random})
 * @param hostname the host it runs on
 * @param pid its process id
 * @param queues the queues it consumes
 * @param concurrency how many tasks it runs at once at most
 * @param active how many tasks it was running at the heartbeat
 * @param processed how many tasks it finished since it started
 * @param heartbeatMillis when the heartbeat was sent, milliseconds since the epoch
 */
public record WorkerInfo(
    String id,
    String hostname,
    long pid,
    List<String> queues,
    int concurrency,
    int active,
    long processed,
    long heartbeatMillis) {

  /** Checks and copies the parts. */
  public WorkerInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hostname, "hostname");
    queues = List.copyOf(queues);
  }
}
