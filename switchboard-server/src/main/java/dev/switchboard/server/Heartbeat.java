package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server's WebSocket keepalive: a ping every interval, and a deadline for its pong. A pong
 * cancels the deadline; a missed deadline reports a dead peer. Event-loop confined.
 */
final class Heartbeat {
  private final EventLoop loop;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final Runnable sendPing;
  private final Runnable onTimeout;
  private @Nullable ScheduledFuture<?> tick;
  private @Nullable ScheduledFuture<?> deadline;
  private boolean stopped;

  /**
   * @param interval time between pings (positive)
   * @param timeout how long a pong may take
   * @param sendPing writes a ping frame
   * @param onTimeout called once when a pong is overdue
   */
  Heartbeat(EventLoop loop, Duration interval, Duration timeout, Runnable sendPing, Runnable onTimeout) {
    this.loop = loop;
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
    this.sendPing = sendPing;
    this.onTimeout = onTimeout;
  }

  /** Schedules the first ping one interval from now. */
  void start() {
    if (!stopped) {
      tick = loop.schedule(this::tick, intervalNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A pong arrived: the peer is alive. */
  void pong() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  /** Cancels all timers; nothing is reported afterwards. */
  void stop() {
    stopped = true;
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
    pong();
  }

  private void tick() {
    if (stopped) {
      return;
    }
    if (deadline == null) { // no ping outstanding: send the next one
      sendPing.run();
      deadline = loop.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    }
    tick = loop.schedule(this::tick, intervalNanos, TimeUnit.NANOSECONDS);
  }

  private void expire() {
    deadline = null;
    if (!stopped) {
      stop();
      onTimeout.run();
    }
  }
}
