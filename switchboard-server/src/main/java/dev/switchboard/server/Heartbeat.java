package dev.switchboard.server;

/**
 * The keepalive of one WebSocket: a ping every interval, and a deadline for its pong. A pong
 * clears the deadline; a missed deadline reports a dead peer. Driven by its event loop's {@link
 * HeartbeatSweep} rather than by timers of its own, so an idle socket holds no scheduled task.
 * Event-loop confined.
 */
final class Heartbeat {
  /** The connection a heartbeat keeps alive. */
  interface Peer {
    /** Writes a ping frame. */
    void sendPing();

    /** Called once when a pong is overdue; the heartbeat has stopped by then. */
    void pongTimedOut();
  }

  static final int UNSTARTED = -1;
  static final int STOPPED = -2;

  private final HeartbeatSweep sweep;
  private final Peer peer;
  private long nextPing; // nanoTime of the next ping
  private long pongDue; // nanoTime by which the pong must arrive, while awaitingPong
  private boolean awaitingPong;
  /** The index in the sweep's members, or UNSTARTED / STOPPED; owned by the sweep. */
  int slot = UNSTARTED;

  Heartbeat(HeartbeatSweep sweep, Peer peer) {
    this.sweep = sweep;
    this.peer = peer;
  }

  /** Starts pinging: the first ping goes one interval from now. */
  void start() {
    if (slot == UNSTARTED) {
      nextPing = System.nanoTime() + sweep.intervalNanos;
      sweep.add(this);
    }
  }

  /** A pong arrived: the peer is alive. */
  void pong() {
    awaitingPong = false;
  }

  /** Stops for good; nothing is sent or reported afterwards. */
  void stop() {
    if (slot >= 0) {
      sweep.remove(this);
    }
    slot = STOPPED;
  }

  /** Called by the sweep: reports an overdue pong, or sends the ping that is due. */
  void check(long now) {
    if (awaitingPong && now - pongDue >= 0) {
      stop();
      peer.pongTimedOut();
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
        peer.sendPing();
      }
    }
  }
}
