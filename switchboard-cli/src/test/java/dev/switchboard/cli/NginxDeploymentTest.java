package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RedisServerProcess;
import dev.switchboard.testing.WebSocketTestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  private static final Path NGINX = Path.of(System.getenv().getOrDefault("SB_NGINX", "/usr/sbin/nginx"));
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
    assertThat(NGINX).as("nginx (bin/test installs Debian's package)").isExecutable();
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

  /** Writes the documented config with our ports into a temp dir and runs nginx on it. */
  private void startNginx(int one, int two, int proxy) throws IOException, InterruptedException {
    String doc = Files.readString(DOC);
    String block =
        doc.substring(doc.indexOf("<!-- nginx-config:start -->"), doc.indexOf("<!-- nginx-config:end -->"));
    String site = block.substring(block.indexOf("```nginx") + "```nginx".length(), block.lastIndexOf("```"));
    assertThat(site).contains("127.0.0.1:8001", "127.0.0.1:8002", "listen 80;", "location /ws/ {");
    site =
        site.replace("127.0.0.1:8001", "127.0.0.1:" + one)
            .replace("127.0.0.1:8002", "127.0.0.1:" + two)
            .replace("listen 80;", "listen 127.0.0.1:" + proxy + ";")
            .replace("location /ws/ {", "location /ws/ {\n        add_header X-Upstream $upstream_addr always;");
    Path dir = Files.createTempDirectory("sb-nginx");
    Files.writeString(dir.resolve("switchboard.conf"), site);
    Files.writeString(
        dir.resolve("nginx.conf"),
        String.join(
            "\n",
            "daemon off;",
            "master_process off;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " warn;",
            "events { worker_connections 256; }",
            "http {",
            "  access_log " + dir.resolve("access.log") + ";",
            "  client_body_temp_path " + dir.resolve("client_body") + ";",
            "  proxy_temp_path " + dir.resolve("proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("scgi") + ";",
            "  include " + dir.resolve("switchboard.conf") + ";",
            "}",
            ""));
    Process nginx =
        new ProcessBuilder(
                NGINX.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    closing.add(
        () -> {
          nginx.destroy();
          if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        });
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      assertThat(nginx.isAlive())
          .as("nginx running; its log: %s", Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "")
          .isTrue();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", proxy), 200);
        return;
      } catch (IOException notYet) {
        assertThat(System.nanoTime()).as("timed out waiting for nginx to listen on %d", proxy).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }
}
