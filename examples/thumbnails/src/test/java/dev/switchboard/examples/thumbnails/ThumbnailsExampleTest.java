package dev.switchboard.examples.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The thumbnails example on a real server, a real WebSocket client and an in-process worker. */
@Timeout(60)
class ThumbnailsExampleTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final JsonMapper JSON = JsonMapper.builder().build();
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  final TaskApp app = TaskApp.builder().channelLayer(layer).build();
  final Task<ResizeArgs, ResizeResult> resize = ThumbnailTasks.register(app);
  final Worker worker = Worker.builder(app).concurrency(4).build().start();
  final TestServer server = TestServer.startWith(cfg -> cfg
      .application(ThumbnailsExample.application(app, resize)).channelLayer(layer));
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void tearDown() {
    server.close();
    worker.shutdown(Duration.ofSeconds(5));
    app.close();
    layer.close();
  }

  HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(server.httpUri("/thumbnails/start"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pageIsServed() throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.httpUri("/thumbnails/"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"thumb-start\"").contains("id=\"thumb-bar\"");
  }

  @Test
  void startedTaskStreamsProgressToOneHundredPercentThenTheResult() throws Exception {
    HttpResponse<String> started =
        post("{\"image\":\"cat.png\",\"width\":128,\"steps\":5,\"stepMillis\":50}");
    assertThat(started.statusCode()).isEqualTo(202);
    JsonNode answer = JSON.readTree(started.body());
    String events = answer.get("events").asText();
    assertThat(events).isEqualTo("/ws/tasks/" + answer.get("id").asText() + "/");
    URI ws = server.wsUri(events);
    try (WebSocketTestClient client = WebSocketTestClient.builder(ws)
        .header("Origin", "http://127.0.0.1:" + server.port()).connect()) {
      assertThat(client.accepted()).isTrue();
      int lastPercent = -1;
      JsonNode e;
      do {
        e = JSON.readTree(client.receiveText(WAIT));
        if (e.has("meta") && e.get("meta").has("percent")) {
          // never backwards; the snapshot and an event sent while the socket joined may repeat one
          assertThat(e.get("meta").get("percent").asInt()).isGreaterThanOrEqualTo(lastPercent);
          lastPercent = e.get("meta").get("percent").asInt();
        }
      } while (!e.get("state").asText().equals("SUCCESS"));
      assertThat(lastPercent).isEqualTo(100);
      assertThat(e.get("result").get("thumbnail").asText()).isEqualTo("cat-128.png");
    }
  }

  @Test
  void invalidArgumentsAreRefusedWithTheReason() throws Exception {
    HttpResponse<String> r = post("{\"image\":\"cat.png\",\"width\":5,\"steps\":5,\"stepMillis\":50}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("width must be from 16 to 1024");
  }
}
