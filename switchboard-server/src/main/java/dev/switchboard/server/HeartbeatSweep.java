package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives the {@link Heartbeat}s of one event loop's WebSockets with one periodic task, instead of
 * a timer per socket: every period it sends the pings that are due and reports the pongs that are
 * overdue. Pings and pong deadlines are therefore late by up to one period, an eighth of the
 * shorter of the ping interval and the pong timeout. The task runs only while the loop has
 * heartbeats. Event-loop confined.
 */
final class HeartbeatSweep {
  private static final int INITIAL = 16;

  final long intervalNanos;
  final long timeoutNanos;
  private final long periodNanos;
  private final EventLoop loop;
  private Heartbeat[] members = new Heartbeat[INITIAL];
  private int size;
  private @Nullable ScheduledFuture<?> task;

  /**
   * @param interval time between pings (positive)
   * @param timeout how long a pong may take (positive)
   */
  HeartbeatSweep(EventLoop loop, Duration interval, Duration timeout) {
    this.loop = loop;
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
    this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(intervalNanos, timeoutNanos) / 8);
  }

  void add(Heartbeat h) {
    if (size == members.length) {
      members = Arrays.copyOf(members, size * 2);
    }
    h.slot = size;
    members[size++] = h;
    if (task == null) {
      task = loop.scheduleAtFixedRate(this::sweep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }
  }

  void remove(Heartbeat h) {
    int i = h.slot;
    Heartbeat last = members[--size];
    members[i] = last;
    last.slot = i;
    members[size] = null;
    if (size == 0 && task != null) {
      task.cancel(false);
      task = null;
    }
    if (members.length > INITIAL && size < members.length / 4) {
      members = Arrays.copyOf(members, members.length / 2);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    // Backwards: a heartbeat that stops during its check moves an already checked one into its slot.
    for (int i = size - 1; i >= 0; i--) {
      if (i < size) {
        members[i].check(this, now);
      }
    }
  }
}
