package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSocket handshake completes only on the application's answer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketHandshakeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Recorder recorder = new Recorder();

  /** Answers the handshake by path: /deny, /deny-451, /close-first, /silent, or accept. */
  private Application gatekeeper() {
    return conn -> event -> {
      String path = conn.scope().path();
      switch (event) {
        case InboundEvent.WebSocketConnect c -> {
          switch (path) {
            case "/deny" -> conn.send(new OutboundEvent.WebSocketDeny(403, "go away"));
            case "/deny-451" -> conn.send(new OutboundEvent.WebSocketDeny(451, "unavailable"));
            case "/close-first" -> conn.send(new OutboundEvent.WebSocketClose(4000, "no"));
            case "/silent" -> recorder.add("connect seen");
            default -> conn.send(OutboundEvent.WebSocketAccept.PLAIN);
          }
        }
        case InboundEvent.WebSocketDisconnect d -> recorder.add(path + " disconnect " + d.code());
        default -> {}
      }
    };
  }

  @Test
  void deniedConnectionIsRefusedWith403() {
    try (TestServer server = TestServer.start(gatekeeper())) {
      WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/deny"));
      assertThat(ws.handshakeStatus()).isEqualTo(403);
      assertThat(ws.accepted()).isFalse();
      assertThat(recorder.next(WAIT)).isEqualTo("/deny disconnect 1006");
    }
  }

  @Test
  void denyWithCustomStatusAnswersThatStatus() {
    try (TestServer server = TestServer.start(gatekeeper())) {
      assertThat(WebSocketTestClient.connect(server.wsUri("/deny-451")).handshakeStatus())
          .isEqualTo(451);
    }
  }

  @Test
  void closeBeforeAcceptIsRefusedWith403() {
    try (TestServer server = TestServer.start(gatekeeper())) {
      assertThat(WebSocketTestClient.connect(server.wsUri("/close-first")).handshakeStatus())
          .isEqualTo(403);
      assertThat(recorder.next(WAIT)).isEqualTo("/close-first disconnect 1006");
    }
  }

  @Test
  void applicationThatNeverAnswersGets503AfterHandshakeTimeout() {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(gatekeeper()).handshakeTimeout(Duration.ofMillis(300));
    })) {
      long start = System.nanoTime();
      WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/silent"));
      assertThat(ws.handshakeStatus()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
      assertThat(recorder.next(WAIT)).isEqualTo("connect seen");
      assertThat(recorder.next(WAIT)).isEqualTo("/silent disconnect 1006");
      MeterRegistry meters = server.server().meterRegistry();
      assertThat(meters.get("switchboard.ws.closes").tag("reason", "handshake_timeout").counter().count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void failureBeforeAcceptAnswers500() {
    Application failing = conn -> event -> {
      throw new IllegalStateException("cannot open");
    };
    try (TestServer server = TestServer.start(failing)) {
      assertThat(WebSocketTestClient.connect(server.wsUri("/")).handshakeStatus()).isEqualTo(500);
    }
  }

  @Test
  void unsupportedWebSocketVersionGets426() throws Exception {
    try (TestServer server = TestServer.start(gatekeeper())) {
      // java.net.http forbids setting Upgrade/Connection; a raw socket sends the upgrade instead.
      String response = RawHttp.exchange(server.port(),
          "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
      assertThat(response).startsWith("HTTP/1.1 426");
      assertThat(response.toLowerCase()).contains("sec-websocket-version: 13");
    }
  }

  @Test
  void scopeKeepsTheHandshakeHeadersButTheKey() {
    Application app = conn -> event -> {
      if (event instanceof InboundEvent.WebSocketConnect) {
        var h = conn.scope().headers();
        recorder.add(h.first("x-token") + " " + h.first("upgrade") + " " + h.first("host")
            + " " + h.contains("sec-websocket-version") + " " + h.contains("sec-websocket-key"));
        conn.send(OutboundEvent.WebSocketAccept.PLAIN);
      }
    };
    try (TestServer server = TestServer.start(app);
        WebSocketTestClient a = WebSocketTestClient.builder(server.wsUri("/"))
            .header("X-Token", "t1").connect();
        WebSocketTestClient b = WebSocketTestClient.builder(server.wsUri("/"))
            .header("X-Token", "t2").connect()) {
      assertThat(a.accepted() && b.accepted()).isTrue();
      String host = "127.0.0.1:" + server.port();
      assertThat(List.of(recorder.next(WAIT), recorder.next(WAIT))).containsExactlyInAnyOrder(
          "t1 websocket " + host + " true false", "t2 websocket " + host + " true false");
      recorder.expectNothing(Duration.ofMillis(50));
    }
  }
}
