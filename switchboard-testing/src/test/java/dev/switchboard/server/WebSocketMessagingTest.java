package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import dev.switchboard.testing.WebSocketTestClient.CloseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WebSocket messages through the real server: echo, fragments, pings, closes, failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketMessagingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Recorder recorder = new Recorder();
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(TestApps.echo(recorder));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void echoesTextAndBinary() {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      assertThat(ws.handshakeStatus()).isEqualTo(101);
      ws.sendText("héllo wörld");
      assertThat(ws.receiveText(WAIT)).isEqualTo("héllo wörld");
      ws.sendBinary(new byte[] {0, 1, 2, (byte) 255});
      assertThat(ws.receiveBinary(WAIT)).containsExactly(0, 1, 2, 255);
      ws.receiveNothing(Duration.ofMillis(200));
    }
  }

  @Test
  void joinsFragmentedMessages() {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      ws.sendFragmented("frag", "mented ", "message");
      assertThat(ws.receiveText(WAIT)).isEqualTo("fragmented message");
      ws.receiveNothing(Duration.ofMillis(200));
    }
  }

  @Test
  void joinsACharacterSplitBetweenFragments() {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      byte[] e = "é".getBytes(StandardCharsets.UTF_8);
      ws.sendTextBytes(new byte[] {'a', e[0]}, new byte[] {e[1], 'b'});
      assertThat(ws.receiveText(WAIT)).isEqualTo("aéb");
      ws.receiveNothing(Duration.ofMillis(200));
    }
  }

  @Test
  void invalidUtf8ClosesWith1007WholeOrFragmented() {
    byte[] surrogate = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    try (WebSocketTestClient whole = WebSocketTestClient.connect(server.wsUri("/echo"));
        WebSocketTestClient split = WebSocketTestClient.connect(server.wsUri("/echo"));
        WebSocketTestClient truncated = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      whole.sendTextBytes(surrogate);
      assertThat(whole.awaitClose(WAIT)).isEqualTo(new CloseStatus(1007, "bytes are not UTF-8"));
      split.sendTextBytes(new byte[] {'o', 'k'}, new byte[] {(byte) 0xC0, (byte) 0x80});
      assertThat(split.awaitClose(WAIT).code()).isEqualTo(1007);
      truncated.sendTextBytes(new byte[] {'x', (byte) 0xC3});
      assertThat(truncated.awaitClose(WAIT).code()).isEqualTo(1007);
      assertThat(recorder.await(l -> l.startsWith("disconnect 1007"), "a 1007 disconnect", WAIT))
          .isNotEmpty();
    }
  }

  @Test
  void answersPingsWithPongs() {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      ws.ping();
      ws.ping();
      org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ws.pongsReceived() == 2);
    }
  }

  @Test
  void clientCloseIsEchoedAndDelivered() {
    WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"));
    ws.close(4001, "bye now");
    assertThat(ws.awaitClose(WAIT)).isEqualTo(new CloseStatus(4001, "bye now"));
    assertThat(recorder.next(WAIT)).isEqualTo("disconnect 4001 bye now");
  }

  @Test
  void droppedSocketIsDeliveredAs1006() {
    WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"));
    ws.abort();
    assertThat(recorder.next(WAIT)).isEqualTo("disconnect 1006 ");
  }

  @Test
  void applicationExceptionClosesOnlyThatSocketWith1011() {
    try (WebSocketTestClient failing = WebSocketTestClient.connect(server.wsUri("/echo"));
        WebSocketTestClient healthy = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      failing.sendText("boom");
      assertThat(failing.awaitClose(WAIT)).isEqualTo(new CloseStatus(1011, "internal error"));
      healthy.sendText("still fine");
      assertThat(healthy.receiveText(WAIT)).isEqualTo("still fine");
    }
  }

  @Test
  void blockingHandlerDoesNotStallOtherConnections() {
    try (WebSocketTestClient sleeper = WebSocketTestClient.connect(server.wsUri("/echo"));
        WebSocketTestClient other = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      sleeper.sendText("sleep:3000");
      assertThat(recorder.next(WAIT)).isEqualTo("sleeping");
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        other.sendText("quick " + i);
        assertThat(other.receiveText(WAIT)).isEqualTo("quick " + i);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
      sleeper.receiveNothing(Duration.ofMillis(100)); // still asleep
      assertThat(sleeper.receiveText(WAIT)).isEqualTo("woke");
    }
  }

  @Test
  void applicationCloseSendsItsCodeAndReason() {
    Application closer = conn -> event -> {
      if (event instanceof InboundEvent.WebSocketConnect) {
        conn.send(OutboundEvent.WebSocketAccept.PLAIN);
      } else if (event instanceof InboundEvent.WebSocketReceive) {
        conn.send(OutboundEvent.WebSocketSend.text("last words"));
        conn.send(new OutboundEvent.WebSocketClose(4321, "done here"));
        conn.send(OutboundEvent.WebSocketSend.text("dropped after close"));
      } else if (event instanceof InboundEvent.WebSocketDisconnect d) {
        recorder.add("disconnect " + d.code() + " " + d.reason());
      }
    };
    try (TestServer s = TestServer.start(closer);
        WebSocketTestClient ws = WebSocketTestClient.connect(s.wsUri("/"))) {
      ws.sendText("close please");
      assertThat(ws.receiveText(WAIT)).isEqualTo("last words");
      assertThat(ws.awaitClose(WAIT)).isEqualTo(new CloseStatus(4321, "done here"));
      assertThat(recorder.next(WAIT)).isEqualTo("disconnect 4321 done here");
      ws.receiveNothing(Duration.ofMillis(100));
    }
  }

  @Test
  void scopeDescribesTheHandshakeAndAcceptChoosesSubprotocol() {
    Application describe = conn -> event -> {
      Scope s = conn.scope();
      if (event instanceof InboundEvent.WebSocketConnect) {
        List<String> offered = s.subprotocols();
        conn.send(new OutboundEvent.WebSocketAccept(
            offered.get(offered.size() - 1), Headers.of("x-switchboard", "yes")));
        conn.send(OutboundEvent.WebSocketSend.text(String.join("|",
            s.type().name(), s.scheme(), s.method(), s.path(), s.queryString(),
            String.valueOf(s.headers().first("origin")), String.valueOf(offered),
            String.valueOf(s.client() != null && s.client().getAddress().isLoopbackAddress()))));
      }
    };
    try (TestServer s = TestServer.startWith(cfg -> {
      cfg.application(describe).allowedOrigins("http://example.test");
    });
        WebSocketTestClient ws = WebSocketTestClient.builder(s.wsUri("/rooms/a%20b?token=x&n=1"))
            .header("Origin", "http://example.test")
            .subprotocols("v1.chat", "v2.chat")
            .connect()) {
      assertThat(ws.subprotocol()).isEqualTo("v2.chat");
      assertThat(ws.handshakeHeader("x-switchboard")).isEqualTo("yes");
      assertThat(ws.receiveText(WAIT)).isEqualTo(
          "WEBSOCKET|ws|GET|/rooms/a b|token=x&n=1|http://example.test|[v1.chat, v2.chat]|true");
    }
  }

  @Test
  void messagesQueuedBehindABusyHandlerAllArriveInOrder() {
    try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"))) {
      ws.sendText("sleep:500");
      for (int i = 0; i < 500; i++) { // well past the point where the server stops reading
        ws.sendText("m" + i);
      }
      assertThat(ws.receiveText(WAIT)).isEqualTo("woke");
      for (int i = 0; i < 500; i++) {
        assertThat(ws.receiveText(WAIT)).isEqualTo("m" + i);
      }
      ws.receiveNothing(Duration.ofMillis(100));
    }
  }
}
