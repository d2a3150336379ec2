package dev.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Bearer tokens on the real server: where they come from, what the app sees, expiry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenMiddlewareTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

  /** Echoes with the user's name; records what the scope looked like and the disconnect. */
  private Application app() {
    return conn -> event -> {
      Scope s = conn.scope();
      switch (event) {
        case InboundEvent.WebSocketConnect c -> {
          seen.add("connect " + s.user().getName() + " q=" + s.queryString() + " p=" + s.subprotocols());
          conn.send(OutboundEvent.WebSocketAccept.PLAIN);
        }
        case InboundEvent.WebSocketReceive r ->
            conn.send(OutboundEvent.WebSocketSend.text(s.user().getName() + ": " + r.text()));
        case InboundEvent.WebSocketDisconnect d -> seen.add("disconnect " + d.code());
        case InboundEvent.HttpRequest r when !r.moreBody() -> {
          conn.send(new OutboundEvent.HttpResponseStart(200, Headers.of("content-type", "text/plain")));
          conn.send(new OutboundEvent.HttpResponseBody(
              ("hello " + s.user().getName()).getBytes(StandardCharsets.UTF_8), false));
        }
        default -> {}
      }
    };
  }

  private TestServer start(TokenMiddleware tokens) {
    Application app = tokens.wrap(app());
    return TestServer.startWith(cfg -> cfg.application(app));
  }

  private String next() throws InterruptedException {
    String s = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(s).as("timed out waiting for the application").isNotNull();
    return s;
  }

  @Test
  void tokenInTheSubprotocolHeaderIsHiddenFromTheAppAndAnswered() throws Exception {
    try (TestServer server = start(TokenMiddleware.builder(Jwts.hs256Verifier()).build());
        WebSocketTestClient ws = WebSocketTestClient.builder(server.wsUri("/"))
            .subprotocols("bearer", Jwts.hs256("ada", Duration.ofMinutes(5)), "chat.v1").connect()) {
      assertThat(ws.accepted()).isTrue();
      assertThat(ws.subprotocol()).isEqualTo("bearer");
      assertThat(next()).isEqualTo("connect ada q= p=[chat.v1]");
      ws.sendText("hi");
      assertThat(ws.receiveText(WAIT)).isEqualTo("ada: hi");
    }
  }

  @Test
  void authorizationHeaderWorksForHttpAndWebSockets() throws Exception {
    String token = Jwts.hs256("bob", Duration.ofMinutes(5));
    try (TestServer server = start(TokenMiddleware.builder(Jwts.hs256Verifier()).build())) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(server.httpUri("/"))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.body()).isEqualTo("hello bob");
      HttpResponse<String> none = http.send(HttpRequest.newBuilder(server.httpUri("/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(401);
      try (WebSocketTestClient ws = WebSocketTestClient.builder(server.wsUri("/"))
          .header("Authorization", "Bearer " + token).connect()) {
        assertThat(ws.accepted()).isTrue();
        assertThat(ws.subprotocol()).isNull();
      }
    }
  }

  @Test
  void missingExpiredOrForgedTokensAreRefusedWith401() {
    try (TestServer server = start(TokenMiddleware.builder(Jwts.hs256Verifier()).build())) {
      assertThat(WebSocketTestClient.connect(server.wsUri("/")).handshakeStatus()).isEqualTo(401);
      for (String bad : new String[] {Jwts.hs256("ada", Duration.ofSeconds(-10)), "x.y.z",
          Jwts.hs256(c -> c.audience("other"))}) {
        assertThat(WebSocketTestClient.builder(server.wsUri("/")).subprotocols("bearer", bad).connect()
            .handshakeStatus()).isEqualTo(401);
      }
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void queryTokenIsRemovedFromTheScopeAndFromEveryLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Level level = root.getLevel();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    String token = Jwts.hs256("cy", Duration.ofMinutes(5));
    String expired = Jwts.hs256("cy", Duration.ofSeconds(-10));
    try (TestServer server = start(TokenMiddleware.builder(Jwts.hs256Verifier()).queryParameter("access_token").build())) {
      try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/room?a=1&access_token=" + token + "&b=2"))) {
        assertThat(next()).isEqualTo("connect cy q=a=1&b=2 p=[]");
        ws.sendText("boom " + "x".repeat(70_000)); // too big: closed, and logged with the scope
        assertThat(ws.awaitClose(WAIT).code()).isEqualTo(1009);
      }
      assertThat(WebSocketTestClient.connect(server.wsUri("/room?access_token=" + expired)).handshakeStatus())
          .isEqualTo(401);
      badHandshake(server.port(), "/room?access_token=" + token); // refused and logged by the server
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent e : logs.list) {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
      assertThat(line).doesNotContain(token).doesNotContain(expired).doesNotContain(token.split("\\.")[2]);
    }
  }

  /** Sends an upgrade with a malformed key and reads the answer's status line. */
  private static void badHandshake(int port, String target) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      byte[] head = socket.getInputStream().readNBytes(12);
      assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 400");
    }
  }

  @Test
  void aTokenExpiringWhileTheSocketIsOpenClosesItWith4401() throws Exception {
    try (TestServer server = start(TokenMiddleware.builder(Jwts.hs256Verifier()).build());
        WebSocketTestClient ws = WebSocketTestClient.builder(server.wsUri("/"))
            .subprotocols("bearer", Jwts.hs256("ada", Duration.ofSeconds(2))).connect()) {
      assertThat(next()).startsWith("connect ada");
      ws.sendText("still valid");
      assertThat(ws.receiveText(WAIT)).isEqualTo("ada: still valid");
      WebSocketTestClient.CloseStatus close = ws.awaitClose(WAIT);
      assertThat(close.code()).isEqualTo(TokenMiddleware.TOKEN_EXPIRED);
      assertThat(close.reason()).isEqualTo("token expired");
      assertThat(next()).isEqualTo("disconnect 4401");
    }
  }

  @Test
  void aTokenCanComeAsTheFirstMessage() throws Exception {
    TokenMiddleware tokens = TokenMiddleware.builder(Jwts.hs256Verifier()).firstMessage(Duration.ofMillis(800)).build();
    try (TestServer server = start(tokens)) {
      try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/"))) {
        assertThat(ws.accepted()).isTrue();
        assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).as("the app waits for the token").isNull();
        ws.sendText(Jwts.hs256("dee", Duration.ofMinutes(5)));
        assertThat(next()).isEqualTo("connect dee q= p=[]");
        ws.sendText("hello");
        assertThat(ws.receiveText(WAIT)).isEqualTo("dee: hello");
      }
      try (WebSocketTestClient wrong = WebSocketTestClient.connect(server.wsUri("/"))) {
        wrong.sendText("not a token");
        assertThat(wrong.awaitClose(WAIT).code()).isEqualTo(TokenMiddleware.TOKEN_REFUSED);
      }
      try (WebSocketTestClient silent = WebSocketTestClient.connect(server.wsUri("/"))) {
        WebSocketTestClient.CloseStatus close = silent.awaitClose(WAIT);
        assertThat(close.code()).isEqualTo(TokenMiddleware.TOKEN_REFUSED);
        assertThat(close.reason()).startsWith("no token within");
      }
    }
  }
}
