package dev.switchboard.server;

import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The opening of one WebSocket: the upgrade request waiting for the application's accept or deny,
 * and the handshake timer. It exists from the upgrade request until the handshake is answered;
 * the session then drops it, so an open socket keeps neither its request head nor the HTTP
 * dispatcher. Event-loop confined.
 */
final class WebSocketHandshake {
  /** What an answered handshake leads to; the session. */
  interface Outcome {
    /** The upgrade response is written: the socket is open for frames. */
    void opened();

    /** The handshake was refused with {@code status}; the connection closes after the answer. */
    void refused(int status);

    /** The application neither accepted nor denied within the handshake timeout. */
    void timedOut();
  }

  private final HttpDispatcher dispatcher;
  private final Exchange exchange;
  private final ServerContext server;
  private final Channel channel;
  private final String id;
  // The upgrade request's head, for the handshaker (the scope has the headers already).
  private final FullHttpRequest request;
  private @Nullable ScheduledFuture<?> timer;

  /**
   * Holds the upgrade request {@code req} of {@code exchange} (the session), which {@code
   * dispatcher} lets go of if the handshake is refused.
   */
  WebSocketHandshake(
      HttpDispatcher dispatcher,
      Exchange exchange,
      ServerContext server,
      Channel channel,
      HttpRequest req,
      String id) {
    this.dispatcher = dispatcher;
    this.exchange = exchange;
    this.server = server;
    this.channel = channel;
    this.id = id;
    this.request = WebSocketUpgrade.head(req);
  }

  /** Starts the handshake timer; {@code outcome.timedOut()} runs when it fires. */
  void startTimer(Outcome outcome) {
    long nanos = server.config.handshakeTimeout().toNanos();
    timer = channel.eventLoop().schedule(outcome::timedOut, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Completes the upgrade with the application's subprotocol and headers; a malformed accept or
   * upgrade request refuses the handshake instead (500 or 400).
   */
  void accept(OutboundEvent.WebSocketAccept accept, Outcome outcome) {
    cancelTimer();
    HttpHeaders headers;
    try {
      headers = HttpResponses.toNetty(accept.headers());
    } catch (IllegalArgumentException e) {
      WebSocketSession.log.error("ws[{}] invalid WebSocketAccept headers; answering 500", id, e);
      refuse(500, "internal error", outcome);
      return;
    }
    try {
      WebSocketUpgrade.complete(channel, request, accept.subprotocol(), headers, server.decoderConfig);
    } catch (RuntimeException e) { // the client's upgrade request is malformed
      WebSocketSession.log.info("ws[{}] handshake failed: {}", id, e.toString());
      refuse(400, "bad WebSocket handshake", outcome);
      return;
    }
    outcome.opened();
  }

  /** Answers the upgrade request with {@code status} and {@code reason}, then closes. */
  void refuse(int status, String reason, Outcome outcome) {
    cancelTimer();
    outcome.refused(status);
    dispatcher.abort(exchange);
    server.metrics.response(status);
    HttpResponses.text(channel, status, reason, true);
  }

  /** The connection closed before the handshake was answered: the timer is not needed. */
  void cancel() {
    cancelTimer();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
