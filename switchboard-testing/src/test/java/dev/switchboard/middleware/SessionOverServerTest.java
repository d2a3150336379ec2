package dev.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.routing.ProtocolTypeRouter;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real server: a login over HTTP sets the cookie, and a WebSocket opened with that cookie in
 * its handshake sees the user; a session first written during a handshake gets its cookie in the
 * 101 response.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionOverServerTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static Application sockets() {
    return conn -> event -> {
      if (event instanceof InboundEvent.WebSocketConnect) {
        Session.of(conn.scope()).put("seen", true);
        conn.send(OutboundEvent.WebSocketAccept.PLAIN);
        conn.send(OutboundEvent.WebSocketSend.text(
            conn.scope().user() == null ? "anonymous" : conn.scope().user().getName()));
      }
    };
  }

  @Test
  void aWebSocketSeesTheUserLoggedInOverHttp() throws Exception {
    Application app = Middleware.chain(
        ProtocolTypeRouter.builder().http(SessionMiddlewareTest.site()).websocket(sockets()).build(),
        SessionMiddleware.builder().store(new InMemorySessionStore()).secret(SessionMiddlewareTest.SECRET).build(),
        AuthMiddleware.of(SessionMiddlewareTest::user));
    try (TestServer server = TestServer.start(app)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> login = http.send(
          HttpRequest.newBuilder(server.httpUri("/login?user=ada")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString());
      String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
      assertThat(setCookie).contains("HttpOnly", "SameSite=Lax");
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));

      try (WebSocketTestClient ws = WebSocketTestClient.builder(server.wsUri("/ws"))
          .header("Cookie", cookie).connect()) {
        assertThat(ws.receiveText(WAIT)).isEqualTo("ada");
        assertThat(ws.handshakeHeader("set-cookie")).startsWith("sb_session="); // saved on accept
      }
      try (WebSocketTestClient anonymous = WebSocketTestClient.connect(server.wsUri("/ws"))) {
        assertThat(anonymous.receiveText(WAIT)).isEqualTo("anonymous");
        String fresh = anonymous.handshakeHeader("set-cookie");
        assertThat(fresh).startsWith("sb_session=").contains("HttpOnly", "SameSite=Lax");
        assertThat(fresh.substring(0, fresh.indexOf(';'))).isNotEqualTo(cookie);
      }
    }
  }
}
