package dev.switchboard.examples.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.CloseCodes;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two pools as two real servers on one in-memory layer: what the page posts to the API
 * server reaches the sockets of the socket server, and only the sockets it is meant for.
 */
@Timeout(60)
class LiveExampleTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final ObjectMapper JSON = new ObjectMapper();
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  final LiveTokens tokens = new LiveTokens(LiveTokensTest.SECRET, Duration.ofMinutes(5), Clock.systemUTC());
  final Publisher publisher = new Publisher(layer);
  final TestServer api = TestServer.startWith(cfg -> cfg.application(LiveExample.api(tokens, publisher)).channelLayer(layer));
  final TestServer sockets = TestServer.startWith(cfg -> cfg.application(LiveExample.sockets(tokens)).channelLayer(layer));
  final HttpClient http = HttpClient.newHttpClient();
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    api.close();
    sockets.close();
    layer.close();
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(api.httpUri(path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Connects as {@code user} with a token from the API, as the page does. */
  WebSocketTestClient join(String user) throws Exception {
    HttpResponse<String> t = http.send(HttpRequest.newBuilder(api.httpUri("/api/socket_token?user=" + user)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(t.statusCode()).isEqualTo(200);
    WebSocketTestClient ws = open("/websocket?token=" + JSON.readTree(t.body()).get("token").asText());
    closing.add(ws);
    assertThat(ws.accepted()).isTrue();
    JsonNode hello = JSON.readTree(ws.receiveText(WAIT));
    assertThat(hello.get("id").asText()).isEqualTo("authenticated");
    assertThat(hello.get("user").asText()).isEqualTo(user);
    return ws;
  }

  WebSocketTestClient open(String path) {
    return WebSocketTestClient.builder(sockets.wsUri(path)).header("Origin", "http://127.0.0.1:" + sockets.port()).connect();
  }

  @Test
  void aFeedItemPostedToTheApiReachesEverySocketOfTheOtherPool() throws Exception {
    WebSocketTestClient ann = join("ann");
    WebSocketTestClient bob = join("bob");

    HttpResponse<String> r = post("/api/feed", "{\"author\":\"ann\",\"text\":\"hello all\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    for (WebSocketTestClient ws : List.of(ann, bob)) {
      JsonNode item = JSON.readTree(ws.receiveText(WAIT));
      assertThat(item.get("id").asText()).isEqualTo("feed");
      assertThat(item.get("author").asText()).isEqualTo("ann");
      assertThat(item.get("text").asText()).isEqualTo("hello all");
      ws.receiveNothing(Duration.ofMillis(200));
    }
  }

  @Test
  void aPrivateNoteReachesOnlyItsUser() throws Exception {
    WebSocketTestClient ann = join("ann");
    WebSocketTestClient bob = join("bob");

    assertThat(post("/api/notify", "{\"user\":\"bob\",\"text\":\"for bob only\"}").statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(bob.receiveText(WAIT)).get("text").asText()).isEqualTo("for bob only");
    ann.receiveNothing(Duration.ofMillis(300));
  }

  @Test
  void theSamplerPublishesMetricsToEverySocket() throws Exception {
    WebSocketTestClient ann = join("ann");
    try (Sampler s = Sampler.start(publisher, "test", Duration.ofMillis(100))) {
      for (int i = 0; i < 2; i++) {
        JsonNode m = JSON.readTree(ann.receiveText(WAIT));
        assertThat(m.get("id").asText()).isEqualTo("metric");
        assertThat(m.get("heapMb").asLong()).isPositive();
        assertThat(m.get("cpu").asDouble()).isBetween(0.0, 100.0);
      }
    }
  }

  @Test
  void aSocketWithoutAValidTokenIsRefusedWith403() {
    try (WebSocketTestClient none = open("/websocket");
        WebSocketTestClient forged = open("/websocket?token=" + new LiveTokens("x".repeat(32),
            Duration.ofMinutes(1), Clock.systemUTC()).issue("ann"))) {
      assertThat(none.handshakeStatus()).isEqualTo(403);
      assertThat(forged.handshakeStatus()).isEqualTo(403);
    }
  }

  @Test
  void theSocketOnlyPushes() throws Exception {
    WebSocketTestClient ann = join("ann");
    ann.sendText("{\"text\":\"hi\"}");
    assertThat(ann.awaitClose(WAIT).code()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
  }

  @Test
  void badApiCallsGetA4xxNamingTheRule() throws Exception {
    HttpResponse<String> noText = post("/api/feed", "{\"author\":\"ann\"}");
    assertThat(noText.statusCode()).isEqualTo(400);
    assertThat(noText.body()).contains("\\\"text\\\" must be a string of 1 to 500 characters");
    assertThat(post("/api/feed", "[1]").body()).contains("body must be a JSON object");
    assertThat(post("/api/notify", "{\"user\":\"a b\",\"text\":\"x\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(api.httpUri("/api/feed")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    HttpResponse<String> badUser = http.send(HttpRequest.newBuilder(api.httpUri("/api/socket_token?user=")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(badUser.statusCode()).isEqualTo(400);
  }
}
