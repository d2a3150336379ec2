package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.examples.images.ImageTasks;
import dev.switchboard.examples.images.ImagesExample;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images example split as in production: {@code switchboard demo --broker redis://...
 * --no-worker} takes the upload, a {@code switchboard worker --queues images} process runs the
 * chain, and the progress comes back to the page's socket through the Redis channel layer.
 */
@Timeout(120)
class ImagesAcrossProcessesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path media;

  @Test
  void aWorkerProcessOnTheRedisBrokerProcessesTheUploadAndThePageSeesItDone() throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      String broker = redis.uri() + "?prefix=imgx";
      String mediaProp = ImagesExample.MEDIA_PROPERTY + "=" + media;
      int port = DemoProcess.freePort();
      try (DemoProcess worker = DemoProcess.cli(
              List.of(mediaProp, ImageTasks.LAYER_PROPERTY + "=" + redis.uri()),
              List.of("worker", "--app", ImageTasks.class.getName(), "--queues", "images",
                  "--broker", broker, "--concurrency", "2"), port);
          DemoProcess web = DemoProcess.cli(List.of(mediaProp), List.of("demo", "--port",
              Integer.toString(port), "--redis", redis.uri(), "--broker", broker, "--no-worker"), port)) {
        worker.awaitLine("ready: tasks", Duration.ofSeconds(60));
        web.awaitReady();
        String batch = UUID.randomUUID().toString();
        try (WebSocketTestClient ws = WebSocketTestClient.builder(
                URI.create("ws://127.0.0.1:" + port + "/ws/images/" + batch + "/"))
            .header("Origin", "http://127.0.0.1:" + port).connect()) {
          assertThat(ws.accepted()).isTrue();
          HttpResponse<String> r = upload(port, batch, "far.png", picture(800, 600));
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
          JsonNode e;
          do {
            e = JSON.readTree(ws.receiveText(WAIT));
          } while (e.get("type").asText().equals("progress"));
          assertThat(e.get("type").asText()).as("event %s", e).isEqualTo("done");
          assertThat(e.get("thumbnails").findValuesAsText("url")).hasSize(3);
          HttpResponse<byte[]> thumb = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + e.get("thumbnails").get(0).get("url").asText()))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
          assertThat(thumb.statusCode()).isEqualTo(200);
          assertThat(ImageIO.read(new java.io.ByteArrayInputStream(thumb.body())).getWidth()).isEqualTo(160);
        }
        try (var out = Files.list(media.resolve("out"))) {
          assertThat(out.count()).as("thumbnails in the shared media folder").isEqualTo(3);
        }
      }
    }
  }

  private static byte[] picture(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static HttpResponse<String> upload(int port, String batch, String name, byte[] png)
      throws Exception {
    String boundary = "----sb-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\""
        + name + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(png);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/images/upload?batch=" + batch))
        .header("content-type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
