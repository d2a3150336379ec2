package dev.switchboard.examples.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad upload gets a clear 4xx naming the file and the rule, and nothing is started. */
class UploadRefusalsTest extends ImagesFixture {
  @BeforeEach
  void startServer() {
    start();
  }

  private void assertRefused(HttpResponse<String> r, int status, String reason) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains(reason);
    assertThat(Files.exists(media.resolve("in"))).as("nothing saved").isFalse();
  }

  @Test
  void aFileThatIsNotAnImageGets415NamingIt() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("ok.png", TestImages.picture(50, 50, "png"));
    files.put("notes.txt", "hello".getBytes());
    assertRefused(upload(files), 415, "'notes.txt' is not an image: accepted PNG, JPEG, GIF, BMP or WebP");
  }

  @Test
  void anOversizedFileGets413NamingTheLimit() throws Exception {
    byte[] big = Arrays.copyOf(TestImages.picture(50, 50, "png"), UploadImages.MAX_BYTES + 1);
    assertRefused(upload(Map.of("huge.png", big)), 413, "'huge.png' is 8388609 bytes; at most 8388608");
  }

  @Test
  void tooManyPixelsGets422() throws Exception {
    assertRefused(upload(Map.of("bomb.png", TestImages.pngHeader(10_000, 10_000, new byte[8]))), 422,
        "'bomb.png' is 10000x10000 pixels; at most 40 megapixels");
  }

  @Test
  void tooManyFilesGets413() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] png = TestImages.picture(8, 8, "png");
    for (int i = 0; i <= UploadImages.MAX_FILES; i++) {
      files.put("f" + i + ".png", png);
    }
    assertRefused(upload(files), 413, "at most 10 images per upload: got 11");
  }

  @Test
  void anUploadWithoutFilesOrNotMultipartOrWithABadBatchIsRefused() throws Exception {
    assertRefused(upload(Map.of()), 400, "no file in the upload");
    HttpResponse<String> json = http.send(HttpRequest.newBuilder(server.httpUri("/images/upload?batch=" + batch))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertRefused(json, 415, "send multipart/form-data");
    HttpResponse<String> noBatch = Multipart.of(Map.of("a.png", TestImages.picture(8, 8, "png")))
        .post(http, server.httpUri("/images/upload?batch=x"));
    assertRefused(noBatch, 400, "query parameter batch must be 8 to 64 letters, digits or '-': x");
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(server.httpUri("/images/upload")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertRefused(get, 405, "POST multipart/form-data");
  }

  @Test
  void anUnknownThumbnailIs404() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        server.httpUri("/images/media/0123456789abcdef-160.jpg")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
  }
}
