package dev.switchboard.examples.thumbnails;

import dev.switchboard.Headers;
import dev.switchboard.consumer.HttpConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the thumbnails page: a start button, a progress bar and the result, all live. */
final class ThumbnailPage extends HttpConsumer {
  private static final Headers HTML =
      Headers.of("content-type", "text/html; charset=utf-8", "cache-control", "no-cache");
  static final byte[] PAGE = load("dev/switchboard/examples/thumbnails/thumbnails.html");

  @Override
  protected void onRequest(byte[] body) {
    String method = scope().method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      respond(405, "method not allowed\n");
      return;
    }
    respond(200, method.equals("HEAD") ? new byte[0] : PAGE, HTML);
  }

  private static byte[] load(String path) {
    try (InputStream in = ThumbnailPage.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("thumbnails page missing from the classpath: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
