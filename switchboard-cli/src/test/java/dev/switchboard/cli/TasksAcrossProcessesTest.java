package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.examples.thumbnails.ResizeArgs;
import dev.switchboard.examples.thumbnails.ResizeResult;
import dev.switchboard.examples.thumbnails.ThumbnailTasks;
import dev.switchboard.redis.RedisChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README flow on real processes: a web server (this JVM) sends the resize task to Redis; a
 * {@code switchboard worker} process runs it and publishes progress on the Redis channel layer;
 * the server's task-events WebSocket streams it to the client, up to the result.
 */
@Timeout(120)
class TasksAcrossProcessesTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void workerProcessStreamsProgressToABrowserOfTheWebServer() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      String broker = redis.uri() + "?prefix=xproc";
      Process worker = startWorker(redis.uri(), broker);
      RedisChannelLayer layer = RedisChannelLayer.builder().uri(redis.uri()).build();
      TaskApp tasks = TaskApp.builder().url(broker).channelLayer(layer).build();
      Task<ResizeArgs, ResizeResult> resize = ThumbnailTasks.register(tasks);
      SwitchboardServer server = SwitchboardServer.create(cfg -> cfg.host("127.0.0.1").port(0)
          .application(DemoCommand.application(tasks, resize)).channelLayer(layer)).start();
      try {
        HttpResponse<String> started = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/thumbnails/start")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"image\":\"far.png\",\"width\":64,\"steps\":4,\"stepMillis\":200}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(started.body());
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + answer.get("events").asText());
        try (WebSocketTestClient client = WebSocketTestClient.builder(ws)
            .header("Origin", "http://127.0.0.1:" + server.port()).connect()) {
          int percent = -1;
          JsonNode e;
          do {
            e = JSON.readTree(client.receiveText(Duration.ofSeconds(20)));
            if (e.has("meta") && e.get("meta").has("percent")) {
              percent = e.get("meta").get("percent").asInt();
            }
          } while (!e.get("state").asText().equals("SUCCESS"));
          assertThat(percent).isEqualTo(100);
          assertThat(e.get("result").get("thumbnail").asText()).isEqualTo("far-64.png");
        }
        String ranOn = tasks.result(answer.get("id").asText(), ResizeResult.class).record().worker();
        assertThat(ranOn).as("the task ran in the worker process").contains("-" + worker.pid() + "-");
      } finally {
        server.close();
        tasks.close();
        layer.close();
        new ProcessBuilder("kill", "-TERM", Long.toString(worker.pid())).start().waitFor();
        worker.waitFor(20, TimeUnit.SECONDS);
        worker.destroyForcibly();
      }
    }
  }

  private static Process startWorker(String layerUri, String broker) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String logConfig = Path.of("src", "main", "resources", "logback.xml").toAbsolutePath().toString();
    Process p = new ProcessBuilder(List.of(java, "-Dlogback.configurationFile=" + logConfig,
        "-D" + ThumbnailTasks.LAYER_PROPERTY + "=" + layerUri,
        "-cp", System.getProperty("java.class.path"), SwitchboardCli.class.getName(), "worker",
        "--app", ThumbnailTasks.class.getName(), "--broker", broker, "--concurrency", "2"))
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(lines::add);
      } catch (java.io.IOException e) {
        lines.add("output closed: " + e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.append(line).append('\n');
        if (line.contains("ready: tasks")) {
          return p;
        }
      }
    }
    p.destroyForcibly();
    throw new AssertionError("timed out waiting for the worker process to be ready:\n" + seen);
  }
}
