package dev.switchboard.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a client waits before reconnect attempt {@code n}: exponential backoff with full
 * jitter, a delay drawn uniformly from {@code [0, min(max, initial × 2^n)]}. Full jitter spreads
 * the reconnects of many clients that lost the same server, so a restarted server is not hit by
 * all of them in the same instant.
 *
 * @param initial the ceiling of the first delay (attempt 0), more than zero
 * @param max the largest ceiling, at least {@code initial}
 */
public record Backoff(Duration initial, Duration max) {
  /** The default: ceilings 250 ms, 500 ms, 1 s ... up to 30 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is less
   *     than {@code initial}
   */
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be more than zero: " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "max backoff must be at least the initial " + initial + ": " + max);
    }
  }

  /** Returns the ceiling of attempt {@code attempt} (0-based): {@code min(max, initial × 2^n)}. */
  public Duration ceiling(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be 0 or more: " + attempt);
    }
    long initialNanos = initial.toNanos();
    // Past 62 doublings any positive initial exceeds any max; stop before the shift overflows.
    if (attempt >= 62 || initialNanos > (max.toNanos() >> attempt)) {
      return max;
    }
    return Duration.ofNanos(initialNanos << attempt);
  }

  /** Returns the delay before attempt {@code attempt}: uniform in {@code [0, ceiling(attempt)]}. */
  public Duration delay(int attempt, RandomGenerator random) {
    long ceiling = ceiling(attempt).toNanos();
    return Duration.ofNanos(random.nextLong(ceiling + 1));
  }
}
