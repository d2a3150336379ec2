package dev.switchboard.server;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;

/**
 * Writes one WebSocket's outbound frames to its channel and decides when they are flushed: the
 * one home of a WebSocket's flushing. Event-loop confined.
 *
 * <p>A write syscall per frame is most of a delivery's cost, so frames are written without a
 * flush and flushed in as few syscalls as order and latency allow. There are three moments, and
 * each write goes to exactly one of them:
 *
 * <ol>
 *   <li><b>End of the socket's own read burst</b> ({@link #readCompleted}): what is written while
 *       this socket's messages are handled (pongs, a non-blocking handler's replies, broadcasts to
 *       itself) leaves in one write when the read ends.
 *   <li><b>The event loop's flush task</b> ({@link LoopFlushes}): a write from the loop outside
 *       this socket's read (a broadcast from another socket of the same loop) notes the socket
 *       once; the task flushes every noted socket after the loop's current I/O work, so several
 *       broadcasts reaching it in one loop iteration leave in one write.
 *   <li><b>The end of an outbound-queue drain</b> ({@link OutboundQueue}): events handed over
 *       from other threads are written in batches, one flush per batch ({@link #flush}).
 * </ol>
 *
 * <p>Before the WebSocket upgrade the HTTP pipeline's {@code FlushConsolidationHandler} merges
 * the flushes of pipelined HTTP responses; it leaves the pipeline with the upgrade.
 *
 * <p>Frames encoded already (a fan-out's shared buffer, {@link PreparedFrame}) are written, and
 * flushes issued, from the frame handler's place in the pipeline, the last handler, so they are
 * not offered to the frame encoding and a flush does not walk the pipeline from its tail.
 */
final class FrameWriter implements LoopFlushes.Owed {
  private final Channel channel;
  // The frame handler's context, set on accept; null before, or the channel once it has left.
  private @Nullable ChannelHandlerContext encoded;
  // Inside a read burst of this socket, and whether something written to it waits for a flush.
  private boolean reading;
  private boolean unflushed;

  FrameWriter(Channel channel) {
    this.channel = channel;
  }

  /** The WebSocket is open: encoded frames go out from the frame handler's place from now on. */
  void opened() {
    encoded = channel.pipeline().context(WebSocketFrameHandler.class);
  }

  /** Writes a ready {@code websocket.send} message, encoded once if a fan-out prepared it. */
  void write(Message frame) {
    PreparedFrame prepared = PreparedFrame.cached(frame);
    if (prepared != null) {
      writeEncoded(prepared.buffer());
    } else {
      channel.write(WebSocketUpgrade.frame(frame), channel.voidPromise());
    }
  }

  /** Writes a complete WebSocket frame, header included; takes over the reference. */
  void writeEncoded(ByteBuf frame) {
    out().write(frame, channel.voidPromise());
  }

  /** Writes a frame or other message through the whole pipeline, without flushing. */
  void write(Object message) {
    channel.write(message, channel.voidPromise());
  }

  /** Flushes now: the end of an outbound-queue batch. */
  void flush() {
    out().flush();
  }

  /** The frame handler starts passing a read burst's messages to the session. */
  void readStarted() {
    reading = true;
  }

  /** The read burst ended: flush what was written during it, once. */
  void readCompleted() {
    reading = false;
    flushOwed();
  }

  /**
   * Flushes a write made on the event loop: at the end of this socket's read burst if one is
   * under way, else with the loop's flush task (moments 1 and 2 above).
   */
  void flushSoon() {
    boolean owedAlready = unflushed;
    unflushed = true;
    if (reading || owedAlready) {
      return; // the read's end or the loop's flush task flushes it
    }
    if (!LoopFlushes.of().add(channel.eventLoop(), this)) {
      flushOwed(); // the loop is shutting down
    }
  }

  @Override
  public void flushOwed() {
    if (unflushed) {
      unflushed = false;
      out().flush();
    }
  }

  private ChannelOutboundInvoker out() {
    ChannelHandlerContext ctx = encoded;
    return ctx != null && !ctx.isRemoved() ? ctx : channel;
  }
}
