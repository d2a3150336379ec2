package dev.switchboard.examples.images;

import dev.switchboard.Headers;
import dev.switchboard.consumer.HttpConsumer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code GET /images/media/{file}}: a finished thumbnail from the media folder's {@code out/}.
 * The route admits only plain names ({@value #NAME}), so no path can leave that folder.
 */
final class MediaFiles extends HttpConsumer {
  /** Where thumbnails are served from. */
  static final String URL = "/images/media/";
  /** The file-name rule of the route. */
  static final String NAME = "[0-9a-f]{16}-[0-9]{1,4}\\.jpg";

  private static final Headers JPEG =
      Headers.of("content-type", "image/jpeg", "cache-control", "public, max-age=86400, immutable");
  private final Path out;

  MediaFiles(Path media) {
    this.out = media.resolve("out");
  }

  @Override
  protected void onRequest(byte[] body) throws IOException {
    if (!scope().method().equals("GET") && !scope().method().equals("HEAD")) {
      respond(405, "method not allowed: GET a thumbnail\n");
      return;
    }
    try {
      respond(200, Files.readAllBytes(out.resolve(scope().pathParam("file"))), JPEG);
    } catch (NoSuchFileException e) {
      respond(404, "no such thumbnail: " + scope().pathParam("file") + "\n");
    }
  }
}
