package dev.switchboard.server;

import io.netty.channel.Channel;

/**
 * Switches a channel's reading on and off for several independent reasons: the channel reads
 * only while no reason asks it to stop. Keeps the handlers that pause reading (a busy handler, a
 * backlog of pipelined requests) from undoing each other.
 *
 * <p>Event-loop confined: call {@link #pause} on the channel's event loop only, or through
 * {@link #pauseLater} from other threads.
 */
final class ReadGate {
  /** The connection's handler has too many events waiting. */
  static final int HANDLER_BUSY = 1;

  /** Pipelined HTTP requests wait behind the current one. */
  static final int BACKLOG = 2;

  private final Channel channel;
  private int reasons;

  ReadGate(Channel channel) {
    this.channel = channel;
  }

  /** Sets or clears one reason; reading resumes once no reason is set. Event loop only. */
  void pause(int reason, boolean pause) {
    int before = reasons;
    reasons = pause ? before | reason : before & ~reason;
    if ((before == 0) != (reasons == 0)) {
      channel.config().setAutoRead(reasons == 0);
    }
  }

  /** Like {@link #pause}, from any thread: runs on the channel's event loop. */
  void pauseLater(int reason, boolean pause) {
    if (channel.eventLoop().inEventLoop()) {
      pause(reason, pause);
    } else {
      Tasks.run(channel, () -> pause(reason, pause));
    }
  }
}
