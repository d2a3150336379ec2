package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Builds a {@link Worker}; setters validate their argument. */
public final class WorkerBuilder {
  final TaskApp app;
  int concurrency = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  int prefetch;
  final List<String> queues = new ArrayList<>();
  Duration heartbeat = Duration.ofSeconds(2);
  @Nullable String id;

  WorkerBuilder(TaskApp app) {
    this.app = Objects.requireNonNull(app, "app");
  }

  /**
   * Sets how many tasks run at once (default: 4 per CPU, at least 8). Tasks run on virtual
   * threads, so blocking I/O in tasks does not call for a larger number of platform threads.
   */
  public WorkerBuilder concurrency(int n) {
    if (n < 1 || n > 100_000) {
      throw new IllegalArgumentException("concurrency must be from 1 to 100000: " + n);
    }
    this.concurrency = n;
    return this;
  }

  /**
   * Sets how many deliveries the worker holds from the broker at once, running or waiting
   * (default: twice the concurrency; never less than the concurrency).
   */
  public WorkerBuilder prefetch(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("prefetch must be at least 1: " + n);
    }
    this.prefetch = n;
    return this;
  }

  /** Sets the queues to consume (default: the app's default queue). */
  public WorkerBuilder queues(String... names) {
    return queues(List.of(names));
  }

  /** Sets the queues to consume (default: the app's default queue). */
  public WorkerBuilder queues(List<String> names) {
    queues.clear();
    for (String q : names) {
      queues.add(Envelope.checkQueue(q));
    }
    return this;
  }

  /** Sets the heartbeat interval (default 2 s); heartbeats live three intervals. */
  public WorkerBuilder heartbeat(Duration interval) {
    if (interval.toMillis() < 10) {
      throw new IllegalArgumentException("heartbeat must be at least 10 ms: " + interval);
    }
    this.heartbeat = interval;
    return this;
  }

  /** Sets the worker id (default: {@code host-pid-random}); 1 to 100 letters, digits, '-', '_', '.'. */
  public WorkerBuilder id(String value) {
    if (!Objects.requireNonNull(value, "id").matches("[A-Za-z0-9_.\\-]{1,100}")) {
      throw new IllegalArgumentException(
          "worker id must be 1 to 100 ASCII letters, digits, '-', '_' or '.': '" + value + "'");
    }
    this.id = value;
    return this;
  }

  /** Returns the worker, not started. */
  public Worker build() {
    return new Worker(this);
  }
}
