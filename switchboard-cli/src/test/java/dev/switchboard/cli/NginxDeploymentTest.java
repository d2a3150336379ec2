package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RedisServerProcess;
import dev.switchboard.testing.WebSocketTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's nginx, run by the test with the configuration from docs/deployment.md (ports
 * replaced), in front of two demo processes sharing a Redis: pages load through it, and a chat
 * message from a socket on one process reaches a socket on the other.
 */
@Timeout(180)
class NginxDeploymentTest {
  private static final Path DOC = Path.of("..", "docs", "deployment.md");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  @Test
  void aMessageCrossesProcessesThroughNginxWithTheDocumentedConfig() throws Exception {
    RedisServerProcess redis = RedisServerProcess.start();
    closing.add(redis);
    int one = DemoProcess.freePort();
    int two = DemoProcess.freePort();
    DemoProcess first = DemoProcess.start(one, List.of(redis.uri()));
    closing.add(first);
    DemoProcess second = DemoProcess.start(two, List.of(redis.uri()));
    closing.add(second);
    first.awaitReady();
    second.awaitReady();
    int proxy = DemoProcess.freePort();
    startNginx(one, two, proxy);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy + "/chat/lobby/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).containsIgnoringCase("<html");

    // Round robin spreads sockets; open them until one sits on each process (the test's own
    // X-Upstream header names the process nginx picked).
    Map<String, WebSocketTestClient> byUpstream = new HashMap<>();
    for (int i = 0; i < 8 && byUpstream.size() < 2; i++) {
      WebSocketTestClient ws =
          WebSocketTestClient.builder(URI.create("ws://127.0.0.1:" + proxy + "/ws/chat/lobby/"))
              .header("Origin", "http://127.0.0.1:" + proxy)
              .connect();
      closing.add(ws);
      assertThat(ws.accepted()).as("handshake through nginx, same origin").isTrue();
      byUpstream.putIfAbsent(ws.handshakeHeader("X-Upstream"), ws);
    }
    assertThat(byUpstream.keySet()).containsExactlyInAnyOrder("127.0.0.1:" + one, "127.0.0.1:" + two);
    WebSocketTestClient onOne = byUpstream.get("127.0.0.1:" + one);
    WebSocketTestClient onTwo = byUpstream.get("127.0.0.1:" + two);

    onOne.sendText("{\"message\":\"hello from one\"}");
    assertThat(onTwo.receiveText(WAIT)).isEqualTo("{\"message\":\"hello from one\"}");
    onTwo.sendText("{\"message\":\"hello from two\"}");
    assertThat(onOne.receiveText(WAIT)).isEqualTo("{\"message\":\"hello from one\"}");
    assertThat(onOne.receiveText(WAIT)).isEqualTo("{\"message\":\"hello from two\"}");
  }

  /** Runs nginx on the documented config with our ports. */
  private void startNginx(int one, int two, int proxy) throws IOException, InterruptedException {
    String site = NginxProcess.documented(DOC, "nginx-config");
    assertThat(site).contains("127.0.0.1:8001", "127.0.0.1:8002", "listen 80;", "location /ws/ {");
    site =
        site.replace("127.0.0.1:8001", "127.0.0.1:" + one)
            .replace("127.0.0.1:8002", "127.0.0.1:" + two)
            .replace("listen 80;", "listen 127.0.0.1:" + proxy + ";")
            .replace("location /ws/ {", "location /ws/ {\n        add_header X-Upstream $upstream_addr always;");
    closing.add(NginxProcess.start(site, proxy));
  }
}
