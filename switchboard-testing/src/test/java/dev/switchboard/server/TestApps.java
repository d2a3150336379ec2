package dev.switchboard.server;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import java.nio.charset.StandardCharsets;

/** Small applications the server tests run. */
final class TestApps {
  private TestApps() {}

  /**
   * Accepts every WebSocket and echoes each message. The text "boom" makes the handler throw;
   * "sleep:N" blocks the handler for N ms and then answers "woke". Disconnects are recorded as
   * "disconnect CODE REASON".
   */
  static Application echo(Recorder recorder) {
    return conn -> event -> {
      switch (event) {
        case InboundEvent.WebSocketConnect c -> conn.send(OutboundEvent.WebSocketAccept.PLAIN);
        case InboundEvent.WebSocketReceive r when "boom".equals(r.text()) ->
            throw new IllegalStateException("boom requested by the test");
        case InboundEvent.WebSocketReceive r when r.text() != null && r.text().startsWith("sleep:") -> {
          recorder.add("sleeping");
          Thread.sleep(Long.parseLong(r.text().substring(6)));
          recorder.add("woke");
          conn.send(OutboundEvent.WebSocketSend.text("woke"));
        }
        case InboundEvent.WebSocketReceive r ->
            conn.send(new OutboundEvent.WebSocketSend(r.text(), r.bytes()));
        case InboundEvent.WebSocketDisconnect d ->
            recorder.add("disconnect " + d.code() + " " + d.reason());
        default -> {}
      }
    };
  }

  /**
   * Echoes WebSocket messages as {@link #echo} does and answers every HTTP request, once its
   * body is in, with 200 "hello METHOD PATH".
   */
  static Application echoAndHello(Recorder recorder) {
    Application ws = echo(recorder);
    return conn -> {
      if (conn.scope().type() == dev.switchboard.Scope.Type.WEBSOCKET) {
        return ws.open(conn);
      }
      return event -> {
        if (event instanceof InboundEvent.HttpRequest r && !r.moreBody()) {
          respond(conn, 200, "hello " + conn.scope().method() + " " + conn.scope().path());
        }
      };
    };
  }

  /** Sends a complete HTTP response with a text body. */
  static void respond(Connection conn, int status, String body) {
    conn.send(
        new OutboundEvent.HttpResponseStart(
            status, Headers.of("content-type", "text/plain; charset=utf-8")));
    conn.send(new OutboundEvent.HttpResponseBody(body.getBytes(StandardCharsets.UTF_8), false));
  }
}
