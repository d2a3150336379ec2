package dev.switchboard.server;

/**
 * The keepalive of one WebSocket: a ping every interval, and a deadline for its pong. A pong
 * clears the deadline; a missed deadline reports a dead peer. Driven by its event loop's {@link
 * HeartbeatSweep} rather than by timers of its own, so an idle socket holds no scheduled task.
 * Event-loop confined.
 *
 * <p>The connection extends its heartbeat rather than owning one, and the sweep is looked up
 * when needed rather than kept: every open socket has a heartbeat, and as an object of its own it
 * would cost each of them an object header and two references more.
 */
abstract class Heartbeat {
  static final int UNSTARTED = -1;
  static final int STOPPED = -2;

  private long nextPing; // nanoTime of the next ping
  private long pongDue; // nanoTime by which the pong must arrive, while awaitingPong
  private boolean awaitingPong;
  /** The index in the sweep's members, or UNSTARTED / STOPPED; owned by the sweep. */
  int slot = UNSTARTED;

  /** Returns the sweep of this connection's event loop; called on starting and stopping. */
  abstract HeartbeatSweep sweep();

  /** Writes a ping frame. */
  abstract void sendPing();

  /** Called once when a pong is overdue; the heartbeat has stopped by then. */
  abstract void pongTimedOut();

  /** Starts pinging: the first ping goes one interval from now. */
  final void startPinging() {
    if (slot == UNSTARTED) {
      HeartbeatSweep sweep = sweep();
      nextPing = System.nanoTime() + sweep.intervalNanos;
      sweep.add(this);
    }
  }

  /** A pong arrived: the peer is alive. */
  final void pongArrived() {
    awaitingPong = false;
  }

  /** Stops for good; nothing is sent or reported afterwards. */
  final void stopPinging() {
    if (slot >= 0) {
      sweep().remove(this);
    }
    slot = STOPPED;
  }

  /** Called by {@code sweep}: reports an overdue pong, or sends the ping that is due. */
  final void check(HeartbeatSweep sweep, long now) {
    if (awaitingPong && now - pongDue >= 0) {
      sweep.remove(this);
      slot = STOPPED;
      pongTimedOut();
      return;
    }
    if (now - nextPing >= 0) {
      // Pings keep their phase, one per interval; one falling due while a pong is awaited is
      // skipped, as the interval timer did.
      long interval = sweep.intervalNanos;
      nextPing += ((now - nextPing) / interval + 1) * interval;
      if (!awaitingPong) {
        awaitingPong = true;
        pongDue = now + sweep.timeoutNanos;
        sendPing();
      }
    }
  }
}
