package dev.switchboard.server;

import dev.switchboard.CloseCodes;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.internal.ConnectionRunner;
import dev.switchboard.internal.DeliveryBatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection, from the upgrade request to the close: the connection's state machine
 * (handshake, open, closing, done), its transport for the application's runner, and the entry
 * point for what the frame handler reads.
 *
 * <p>It delegates the two other roles to objects of their own: the handshake ({@link
 * WebSocketHandshake}: the upgrade request, the accept or refusal, the handshake timer), dropped
 * once the handshake is answered, and the writing and flushing of frames ({@link FrameWriter}).
 * The handshake completes only when the application accepts (with its subprotocol and headers);
 * a deny answers with its HTTP status, a close before accept with 403, silence past the handshake
 * timeout with 503. The application receives exactly one {@link
 * InboundEvent.WebSocketDisconnect}, when the connection has closed, with the first close code
 * sent or received (1006 if none, 1005 if the client's close had no code).
 *
 * <p>The session is its socket's {@link Heartbeat} as well, rather than holding one: one object
 * fewer for every open socket.
 *
 * <p>Event-loop confined, except the {@link ConnectionRunner.Transport} methods.
 */
final class WebSocketSession extends Heartbeat
    implements Exchange, ConnectionRunner.Transport, OutboundQueue.Sink, WebSocketHandshake.Outcome {
  static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);
  private static final long CLOSE_WAIT_MILLIS = 2000;

  /** How a server-side close ends the TCP connection. */
  enum CloseMode {
    /** Close the socket right after the close frame: the peer is gone or not reading. */
    NOW,
    /** Close the socket once the close frame is written. */
    AFTER_WRITE,
    /** Wait for the peer's close frame, at most two seconds. */
    WAIT_FOR_PEER
  }

  private enum State {
    HANDSHAKE,
    OPEN,
    CLOSING,
    DONE
  }

  private final ServerContext server;
  private final Channel channel;
  private final ReadGate gate;
  private final ConnectionRunner runner;
  private final OutboundQueue outbound;
  private final FrameWriter writer;
  // Until the handshake is answered.
  private @Nullable WebSocketHandshake handshake;
  private State state = State.HANDSHAKE;
  // Ends the wait for the peer's close frame.
  private @Nullable ScheduledFuture<?> closeTimer;
  private int closeCode = CloseCodes.ABNORMAL;
  private String closeReason = "";

  WebSocketSession(
      HttpDispatcher dispatcher, ServerContext server, HttpRequest req, Channel channel, ReadGate gate) {
    this.server = server;
    this.channel = channel;
    this.gate = gate;
    this.runner = server.newLongLivedRunner(Scopes.of(Scope.Type.WEBSOCKET, req, channel), this);
    this.handshake = new WebSocketHandshake(dispatcher, this, server, channel, req, runner.id());
    this.outbound = new OutboundQueue(channel, server.config.maxOutboundBuffer(), this);
    this.writer = new FrameWriter(channel);
  }

  /** Asks the application to accept or deny, and starts the handshake timer. */
  WebSocketSession start() {
    if (handshake != null) {
      handshake.startTimer(this);
    }
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    return this;
  }

  // ---- the runner's transport (any thread) ----

  @Override
  public void send(OutboundEvent event) {
    outbound.offer(event);
  }

  /**
   * Queues a ready {@code websocket.send} message. Within a fan-out ({@link DeliveryBatch}) that
   * reaches more than this socket, the frame is encoded once ({@link PreparedFrame}) into a direct
   * buffer and every recipient writes a reference to it; otherwise the message itself is queued
   * and encoded on the event loop, by the channel's own encoder, unless a fan-out already encoded
   * it.
   */
  @Override
  public void forward(Message frame) {
    ByteBuf shared = DeliveryBatch.share(frame, PreparedFrame::direct, ByteBuf::release);
    if (shared != null) {
      outbound.offer(shared.retainedDuplicate());
    } else {
      outbound.offer(frame);
    }
  }

  @Override
  public long frameBacklogLimit() {
    return server.config.maxOutboundBuffer();
  }

  /** Frames for this socket piled up behind its consumer's channel messages: close with 1013. */
  @Override
  public void frameBacklogExceeded(long waitingBytes) {
    Tasks.run(channel, () -> {
      server.metrics.closed(ServerMetrics.Close.SLOW);
      close(CloseCodes.TRY_AGAIN_LATER,
          "too far behind: more than " + frameBacklogLimit() + " bytes waiting",
          CloseMode.AFTER_WRITE, null);
    });
  }

  @Override
  public void pauseReading(boolean pause) {
    gate.pauseLater(ReadGate.HANDLER_BUSY, pause);
  }

  // ---- the outbound queue's sink (event loop) ----

  @Override
  public void write(Message frame) {
    if (state == State.OPEN) {
      writer.write(frame);
      server.metrics.messageOut();
    }
  }

  @Override
  public void write(ByteBuf frame) {
    if (state == State.OPEN) {
      writer.writeEncoded(frame);
      server.metrics.messageOut();
    } else {
      frame.release();
    }
  }

  @Override
  public void write(OutboundEvent event) {
    switch (event) {
      case OutboundEvent.WebSocketSend s -> {
        if (state == State.OPEN) {
          writer.write((Object) WebSocketUpgrade.frame(s));
          server.metrics.messageOut();
        } else if (state == State.HANDSHAKE) {
          log.warn("ws[{}] WebSocketSend before WebSocketAccept dropped", runner.id());
        }
      }
      case OutboundEvent.WebSocketAccept a -> {
        if (state != State.HANDSHAKE || handshake == null) {
          log.warn("ws[{}] WebSocketAccept ignored: connection already {}", runner.id(), state);
        } else {
          handshake.accept(a, this);
        }
      }
      case OutboundEvent.WebSocketDeny d -> refuse(d.status(), d.reason().isEmpty() ? "denied" : d.reason());
      case OutboundEvent.WebSocketClose c -> {
        if (state == State.HANDSHAKE) {
          refuse(403, "forbidden"); // a close before accept refuses the handshake, as in ASGI
        } else {
          close(c.code(), c.reason(), CloseMode.WAIT_FOR_PEER, null);
        }
      }
      default -> log.warn("ws[{}] {} ignored: not a WebSocket event", runner.id(), event);
    }
  }

  @Override
  public void flush() {
    writer.flush();
  }

  @Override
  public void flushSoon() {
    writer.flushSoon();
  }

  /**
   * The client does not read fast enough: close with 1008. The close frame queues behind what
   * the socket's buffer holds, and the socket closes once it is written, or after two seconds;
   * a client that reads its buffer within that time sees 1008, one that does not sees the TCP
   * connection drop (1006). What it sends meanwhile is ignored.
   */
  @Override
  public void tooSlow(long waitingBytes) {
    int max = server.config.maxOutboundBuffer();
    log.warn("ws[{}] closed: client too slow, more than {} bytes waiting", runner.id(), max);
    close(CloseCodes.POLICY_VIOLATION, "client too slow: more than " + max + " bytes waiting",
        CloseMode.AFTER_WRITE, ServerMetrics.Close.SLOW);
  }

  // ---- the handshake's outcome ----

  @Override
  public void opened() {
    handshake = null;
    state = State.OPEN;
    boolean pings = !server.config.pingInterval().isZero();
    ServerInitializer.upgrade(channel, this, pings);
    writer.opened();
    server.metrics.upgraded();
    if (pings) {
      startPinging();
    }
  }

  @Override
  public void refused(int status) {
    handshake = null;
    state = State.CLOSING;
    outbound.close();
  }

  @Override
  public void timedOut() {
    if (state == State.HANDSHAKE) {
      log.info("ws[{}] closed: handshake timeout, the application neither accepted nor denied within {}",
          runner.id(), server.config.handshakeTimeout());
      server.metrics.closed(ServerMetrics.Close.HANDSHAKE_TIMEOUT);
      refuse(503, "handshake timeout");
    }
  }

  private void refuse(int status, String reason) {
    WebSocketHandshake h = handshake;
    if (state != State.HANDSHAKE || h == null) {
      log.warn("ws[{}] refusal ignored: connection already {}", runner.id(), state);
      return;
    }
    h.refuse(status, reason, this);
  }

  // ---- what the frame handler reads (event loop) ----

  /** A complete text message arrived. */
  void text(String text) {
    if (state == State.OPEN) {
      server.metrics.messageIn();
      runner.deliver(InboundEvent.WebSocketReceive.text(text));
    }
  }

  /** A complete binary message arrived. */
  void binary(byte[] bytes) {
    if (state == State.OPEN) {
      server.metrics.messageIn();
      runner.deliver(InboundEvent.WebSocketReceive.bytes(bytes));
    }
  }

  /**
   * A ping arrived: answer with a pong carrying its payload, flushed at the end of the read burst
   * ({@link FrameWriter#flushSoon}), so a burst of pings costs one write. A client that pings while
   * the socket's outbound buffer is over its limit is not reading what it is sent: rather than
   * queue pongs without bound, it is closed as too slow.
   */
  void ping(ByteBuf payload) {
    if (state != State.OPEN) {
      return;
    }
    if (!channel.isWritable()) {
      tooSlow(server.config.maxOutboundBuffer() - channel.bytesBeforeUnwritable());
      return;
    }
    writer.write((Object) new PongWebSocketFrame(payload.retain()));
    writer.flushSoon();
  }

  /** A pong arrived. */
  void pong() {
    pongArrived();
  }

  /** The frame handler starts passing a read burst's messages to this session. */
  void readStarted() {
    writer.readStarted();
  }

  /** The read burst ended: flush what was written during it, once. */
  void readCompleted() {
    writer.readCompleted();
  }

  /** The client sent a close frame: echo it (or, if the server closed first, end the TCP). */
  void closeReceived(CloseWebSocketFrame frame) {
    if (state == State.OPEN) {
      closeCode = frame.statusCode() == -1 ? 1005 : frame.statusCode();
      closeReason = frame.reasonText();
      stopOutput();
      channel
          .writeAndFlush(new CloseWebSocketFrame(true, 0, frame.content().retainedDuplicate()))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (state == State.CLOSING) {
      channel.close();
    }
  }

  // ---- closing ----

  /**
   * Starts a server-side close with {@code code} and {@code reason}; further sends are dropped.
   * Does nothing more if a close is already under way, except that {@link CloseMode#NOW} still
   * drops the socket.
   *
   * @param metric the reason to count, or null for closes asked for by the application
   */
  void close(int code, String reason, CloseMode mode, ServerMetrics.@Nullable Close metric) {
    if (state != State.OPEN) {
      if (mode == CloseMode.NOW || state == State.HANDSHAKE) {
        channel.close();
      }
      return;
    }
    closeCode = code;
    closeReason = reason;
    stopOutput();
    if (metric != null) {
      server.metrics.closed(metric);
    }
    var written = channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
    if (mode == CloseMode.NOW) {
      channel.close();
      return;
    }
    if (mode == CloseMode.AFTER_WRITE) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    // the peer answers with its close frame (closeReceived), or the timer ends the wait
    closeTimer = channel.eventLoop().schedule(() -> channel.close(), CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Returns the largest message accepted, for close reasons. */
  int maxMessageSize() {
    return server.config.maxMessageSize();
  }

  /** Returns the connection's identity for logs. */
  String id() {
    return runner.id();
  }

  private void stopOutput() {
    state = State.CLOSING;
    outbound.close();
    stopPinging();
  }

  @Override
  HeartbeatSweep sweep() {
    return server.heartbeats(channel.eventLoop());
  }

  @Override
  public void sendPing() {
    channel.writeAndFlush(new PingWebSocketFrame());
  }

  @Override
  public void pongTimedOut() {
    log.debug("ws[{}] closed: pong timeout after {}", runner.id(), server.config.pongTimeout());
    close(CloseCodes.GOING_AWAY, "pong timeout", CloseMode.NOW, ServerMetrics.Close.PONG_TIMEOUT);
  }

  /** Nothing was read for the idle timeout. */
  void idle() {
    if (state == State.OPEN) {
      log.debug("ws[{}] closed: idle for {}", runner.id(), server.config.idleTimeout());
      close(CloseCodes.GOING_AWAY, "idle timeout", CloseMode.NOW, ServerMetrics.Close.IDLE);
    }
  }

  @Override
  public void content(HttpContent content) {
    content.release(); // an upgrade request has no body worth reading
  }

  @Override
  public void shutdown() {
    if (state == State.HANDSHAKE) {
      refuse(503, "server shutting down");
    } else {
      close(CloseCodes.GOING_AWAY, "server shutting down", CloseMode.WAIT_FOR_PEER, null);
    }
  }

  @Override
  public void inactive() {
    if (state == State.DONE) {
      return;
    }
    state = State.DONE;
    if (handshake != null) {
      handshake.cancel();
      handshake = null;
    }
    if (closeTimer != null) {
      closeTimer.cancel(false);
      closeTimer = null;
    }
    outbound.close();
    stopPinging();
    runner.deliver(new InboundEvent.WebSocketDisconnect(closeCode, closeReason));
    server.untrackWhenFinished(runner);
  }
}
