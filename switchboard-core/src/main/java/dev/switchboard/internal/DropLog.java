package dev.switchboard.internal;

import dev.switchboard.Nullable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * Reports messages a channel layer dropped for full receivers at WARN, at most once per interval:
 * the first drop is reported at once, later ones are added up and reported with the count since
 * the last report and the latest group and channel. A burst into a slow consumer thus costs one
 * log line per interval, not one per message, and no drop goes unmentioned.
 *
 * <p>Thread-safe; {@link #dropped} never blocks.
 *
 * <p>Internal API: used by Switchboard's own modules, not by applications.
 */
public final class DropLog {
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger log;
  private final String layer;
  private final LongAdder unreported = new LongAdder();
  private final AtomicLong nextReport = new AtomicLong(System.nanoTime());

  /**
   * Creates a report for one layer.
   *
   * @param log where the reports go
   * @param layer the layer's identity, for the log lines
   */
  public DropLog(Logger log, String layer) {
    this.log = log;
    this.layer = layer;
  }

  /**
   * Notes one dropped message and reports if the interval has passed.
   *
   * @param group the group sent to, or null for a direct send
   * @param channel the full channel
   * @param capacity its capacity
   * @param policy what the layer did about the receiver, for the report
   */
  public void dropped(@Nullable String group, String channel, int capacity, Object policy) {
    unreported.increment();
    long now = System.nanoTime();
    long next = nextReport.get();
    if (now - next < 0 || !nextReport.compareAndSet(next, now + INTERVAL_NANOS)) {
      return;
    }
    long n = unreported.sumThenReset();
    String target = group == null ? "send" : "group '" + group + "'";
    log.warn(
        "layer[{}] dropped {} message(s) for full channels in the last {} s; latest: {} to '{}',"
            + " {} messages waiting for its consumer (policy {})",
        layer, n, TimeUnit.NANOSECONDS.toSeconds(INTERVAL_NANOS), target, channel, capacity, policy);
  }
}
