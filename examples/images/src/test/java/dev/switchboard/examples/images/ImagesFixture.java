package dev.switchboard.examples.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example on a real server, an in-process worker and a real WebSocket client. */
@Timeout(90)
abstract class ImagesFixture {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path media;
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  final TaskApp app = TaskApp.builder().channelLayer(layer).build();
  ImagePipeline pipeline;
  Worker worker;
  TestServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final String batch = UUID.randomUUID().toString();

  void start() {
    pipeline = ImagePipeline.register(app, media);
    worker = Worker.builder(app).queues(ImagePipeline.QUEUE).concurrency(2).build().start();
    server = TestServer.startWith(cfg -> cfg.application(ImagesExample.application(pipeline))
        .channelLayer(layer).maxRequestBodySize(ImagesExample.MAX_REQUEST_BYTES));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
      worker.shutdown(Duration.ofSeconds(5));
    }
    app.close();
    layer.close();
  }

  WebSocketTestClient watch() {
    WebSocketTestClient ws = WebSocketTestClient.builder(server.wsUri("/ws/images/" + batch + "/"))
        .header("Origin", "http://127.0.0.1:" + server.port()).connect();
    assertThat(ws.accepted()).isTrue();
    return ws;
  }

  HttpResponse<String> upload(Map<String, byte[]> files) throws Exception {
    return Multipart.of(files).post(http, server.httpUri("/images/upload?batch=" + batch));
  }

  BufferedImage fetch(String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.httpUri(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
    return ImageIO.read(new ByteArrayInputStream(r.body()));
  }
}
