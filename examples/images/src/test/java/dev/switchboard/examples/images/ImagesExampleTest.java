package dev.switchboard.examples.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.WebSocketTestClient;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Uploads processed end to end: progress on the socket, thumbnails over HTTP, failures told. */
class ImagesExampleTest extends ImagesFixture {
  @Test
  void uploadedImagesAreProcessedWithLiveProgressAndTheirThumbnailsServed() throws Exception {
    start();
    try (WebSocketTestClient ws = watch()) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("wide.png", TestImages.picture(1200, 800, "png"));
      files.put("small.jpg", TestImages.picture(300, 200, "jpg"));
      HttpResponse<String> r = upload(files);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      JsonNode answer = JSON.readTree(r.body());
      assertThat(answer.get("images")).hasSize(2);

      Map<String, JsonNode> done = new HashMap<>();
      Map<String, Integer> percent = new HashMap<>();
      Map<String, List<String>> steps = new HashMap<>();
      while (done.size() < 2) {
        JsonNode e = JSON.readTree(ws.receiveText(WAIT));
        String name = e.get("name").asText();
        assertThat(e.get("type").asText()).as("event %s", e).isIn("progress", "done");
        if (e.get("type").asText().equals("progress")) {
          int p = e.get("percent").asInt();
          assertThat(p).as("progress of %s never goes back", name).isGreaterThanOrEqualTo(percent.getOrDefault(name, 0));
          percent.put(name, p);
          steps.computeIfAbsent(name, k -> new ArrayList<>()).add(e.get("step").asText());
        } else {
          done.put(name, e);
        }
      }
      assertThat(steps.get("wide.png")).contains("decode", "resize", "finish");
      assertThat(percent.get("wide.png")).isEqualTo(100);
      JsonNode wide = done.get("wide.png");
      assertThat(wide.get("width").asInt()).isEqualTo(1200);
      List<Integer> widths = new ArrayList<>();
      for (JsonNode t : wide.get("thumbnails")) {
        widths.add(t.get("width").asInt());
        BufferedImage thumb = fetch(t.get("url").asText());
        assertThat(thumb.getWidth()).isEqualTo(t.get("width").asInt());
        assertThat(thumb.getHeight()).isCloseTo(t.get("width").asInt() * 2 / 3, within(1));
      }
      assertThat(widths).containsExactly(160, 320, 640);
      assertThat(done.get("small.jpg").get("thumbnails").findValuesAsText("url")).hasSize(2);
      try (var left = Files.list(media.resolve("work"))) {
        assertThat(left).as("files between the steps are removed").isEmpty();
      }
      ws.receiveNothing(Duration.ofMillis(300));
    }
  }

  @Test
  void aCorruptImageThatPassesTheChecksFailsInDecodeAndThePageIsTold() throws Exception {
    start();
    try (WebSocketTestClient ws = watch()) {
      HttpResponse<String> r = upload(Map.of("broken.png", TestImages.pngHeader(64, 64, new byte[] {1, 2, 3})));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      JsonNode e;
      do {
        e = JSON.readTree(ws.receiveText(WAIT));
      } while (e.get("type").asText().equals("progress"));
      assertThat(e.get("type").asText()).isEqualTo("failed");
      assertThat(e.get("step").asText()).isEqualTo(ImagePipeline.DECODE);
      assertThat(e.get("name").asText()).isEqualTo("broken.png");
    }
  }
}
