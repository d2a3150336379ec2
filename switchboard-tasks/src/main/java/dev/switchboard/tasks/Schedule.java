package dev.switchboard.tasks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a periodic task runs: a fixed rate ({@link #every}) or a cron expression ({@link #cron}).
 * Implementations are immutable and thread-safe.
 */
public interface Schedule {
  /**
   * Returns the first time strictly after {@code after} at which the task is due.
   *
   * @param after a previous run (or the start of the beat)
   */
  Instant next(Instant after);

  /**
   * Returns whether a beat that starts without a record of this schedule's last run runs it at
   * once (fixed rate) or waits for the next due time (cron).
   */
  boolean runsAtStart();

  /**
   * Returns a fixed-rate schedule: every {@code period}, on a grid that does not drift with how
   * long sending takes; the first run is when the beat first sees the entry.
   *
   * @throws IllegalArgumentException if the period is shorter than 10 ms
   */
  static Schedule every(Duration period) {
    if (period.toMillis() < 10) {
      throw new IllegalArgumentException("period must be at least 10 ms: " + period);
    }
    return new Schedule() {
      @Override
      public Instant next(Instant after) {
        return after.plus(period);
      }

      @Override
      public boolean runsAtStart() {
        return true;
      }

      @Override
      public String toString() {
        return "every " + period;
      }
    };
  }

  /**
   * Returns a cron schedule: five fields (minute, hour, day of month, month, day of week) read
   * as wall-clock time in {@code zone}; see {@link CronSchedule} for the syntax and DST rules.
   *
   * @throws IllegalArgumentException if the expression is malformed, naming the field
   */
  static Schedule cron(String expression, ZoneId zone) {
    return CronSchedule.parse(expression, zone);
  }
}
