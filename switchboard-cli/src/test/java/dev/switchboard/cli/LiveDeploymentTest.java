package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.examples.live.LiveTokens;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The message-flow example deployed as documented: an API process and a socket process
 * ({@code demo live --pool api|sockets}) sharing a Redis of the test's own and a token secret,
 * behind nginx with the configuration of examples/live/README.md. A page's calls go to the API
 * through nginx; what the API publishes reaches the socket through nginx from the other process.
 */
@Timeout(180)
class LiveDeploymentTest {
  private static final Path DOC = Path.of("..", "examples", "live", "README.md");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theApiPoolPublishesAndTheSocketPoolPushesThroughNginx() throws Exception {
    String secret = LiveTokens.randomSecret();
    try (RedisServer redis = RedisServer.start()) {
      int apiPort = DemoProcess.freePort();
      int socketPort = DemoProcess.freePort();
      int proxy = DemoProcess.freePort();
      try (DemoProcess api = DemoProcess.cli(List.of(), List.of("demo", "live", "--pool", "api",
              "--port", Integer.toString(apiPort), "--redis", redis.uri(), "--secret", secret), apiPort);
          DemoProcess sockets = DemoProcess.cli(List.of(), List.of("demo", "live", "--pool", "sockets",
              "--port", Integer.toString(socketPort), "--redis", redis.uri(), "--secret", secret), socketPort)) {
        api.awaitLine("live demo ready: api pool", Duration.ofSeconds(60));
        sockets.awaitLine("live demo ready: sockets pool", Duration.ofSeconds(60));
        String site = NginxProcess.documented(DOC, "live-nginx-config");
        assertThat(site).contains("127.0.0.1:8001", "127.0.0.1:8002", "listen 80;", "location /websocket {");
        site = site.replace("127.0.0.1:8001", "127.0.0.1:" + apiPort)
            .replace("127.0.0.1:8002", "127.0.0.1:" + socketPort)
            .replace("listen 80;", "listen 127.0.0.1:" + proxy + ";");
        try (NginxProcess nginx = NginxProcess.start(site, proxy)) {
          String base = "http://127.0.0.1:" + proxy;
          HttpClient http = HttpClient.newHttpClient();
          assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/live/")).build(),
              HttpResponse.BodyHandlers.ofString()).body()).contains("id=\"chart\"");
          String token = JSON.readTree(http.send(HttpRequest.newBuilder(
                  URI.create(base + "/api/socket_token?user=ann")).build(),
              HttpResponse.BodyHandlers.ofString()).body()).get("token").asText();
          try (WebSocketTestClient ws = WebSocketTestClient.builder(
                  URI.create("ws://127.0.0.1:" + proxy + "/websocket?token=" + token))
              .header("Origin", base).connect()) {
            assertThat(ws.accepted()).as("handshake through nginx to the socket pool").isTrue();
            assertThat(JSON.readTree(ws.receiveText(WAIT)).get("id").asText()).isEqualTo("authenticated");
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/feed"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"author\":\"ann\",\"text\":\"across pools\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(202);
            // the feed item and a metric sample, in whichever order they come
            JsonNode feed = null;
            JsonNode metric = null;
            while (feed == null || metric == null) {
              JsonNode m = JSON.readTree(ws.receiveText(WAIT));
              switch (m.get("id").asText()) {
                case "feed" -> feed = m;
                case "metric" -> metric = m;
                default -> {}
              }
            }
            assertThat(feed.get("text").asText()).isEqualTo("across pools");
            assertThat(metric.get("source").asText()).as("published by the API process").isEqualTo("api:" + apiPort);
          }
        }
      }
    }
  }
}
