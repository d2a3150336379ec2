package dev.switchboard.server;

/**
 * The limit on WebSocket messages a connection may send, as a token bucket kept in one number
 * per socket: the generic cell rate algorithm. A socket's state is its theoretical arrival time
 * (TAT): a message arriving at {@code now} is admitted if the TAT is at most {@code burst - 1}
 * intervals ahead of {@code now}, and moves the TAT one interval on. This admits {@code burst}
 * messages at once and {@code perSecond} a second on average, as a bucket of {@code burst}
 * tokens refilled at {@code perSecond} would, without a second field or a refill step. One per
 * server, shared by every socket; stateless.
 */
final class MessageRate {
  /** The state of a socket that has sent nothing yet. */
  static final long FRESH = Long.MIN_VALUE;
  /** The state of a socket that went over the limit; nothing more is admitted. */
  static final long OVER = Long.MAX_VALUE;

  private final int perSecond;
  private final int burst;
  private final long interval; // nanoseconds per message
  private final long tolerance; // how far ahead of now the TAT may be

  MessageRate(int perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.interval = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
    this.tolerance = interval * (Math.max(burst, 1) - 1L);
  }

  /** Returns whether the limit is on. */
  boolean limited() {
    return perSecond > 0;
  }

  /**
   * Returns the socket's next state if a message arriving at {@code now} (nanoseconds) is
   * admitted, or {@link #FRESH} if it is over the limit.
   */
  long admit(long tat, long now) {
    long t = tat == FRESH || tat - now < 0 ? now : tat;
    if (t - now > tolerance) {
      return FRESH;
    }
    return t + interval;
  }

  /** Returns the close reason naming the limit. */
  String reason() {
    return "message rate over " + perSecond + " messages a second (bursts of " + burst + ")";
  }
}
