package dev.switchboard.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task rate limit: at most {@code permits} starts per {@code per}, per worker, enforced by a
 * token bucket that holds up to {@code permits} tokens (so a burst of that size may start at
 * once after a quiet spell).
 *
 * @param permits tokens per period, at least 1
 * @param per the period
 */
public record RateLimit(long permits, Duration per) {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*/\\s*([smh])");

  /** Checks the parts. */
  public RateLimit {
    if (permits < 1) {
      throw new IllegalArgumentException("rate limit permits must be at least 1: " + permits);
    }
    Objects.requireNonNull(per, "per");
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("rate limit period must be positive: " + per);
    }
  }

  /**
   * Parses {@code "N/s"}, {@code "N/m"} or {@code "N/h"}.
   *
   * @throws IllegalArgumentException for any other form
   */
  public static RateLimit parse(String text) {
    Matcher m = FORM.matcher(Objects.requireNonNull(text, "rateLimit").strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "rate limit must look like \"100/s\", \"10/m\" or \"5/h\": '" + text + "'");
    }
    Duration per =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(1);
          case "m" -> Duration.ofMinutes(1);
          default -> Duration.ofHours(1);
        };
    return new RateLimit(Long.parseLong(m.group(1)), per);
  }

  /** Returns the time between tokens, in nanoseconds. */
  long nanosPerPermit() {
    return Math.max(1, per.toNanos() / permits);
  }
}
