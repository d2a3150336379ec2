package dev.switchboard.examples.images;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds a multipart/form-data upload, as a browser's FormData does, and posts it. */
final class Multipart {
  private static final String BOUNDARY = "----switchboard-test-boundary-7f3a";
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Adds a file field. */
  Multipart file(String field, String filename, String contentType, byte[] bytes) {
    body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field
        + "\"; filename=\"" + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(bytes);
    body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Posts the form to {@code uri}; returns the response. */
  HttpResponse<String> post(HttpClient http, URI uri) throws Exception {
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(body.toByteArray());
    whole.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(uri)
        .header("content-type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(whole.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The files of the test uploads, by name. */
  static Multipart of(Map<String, byte[]> files) {
    Multipart m = new Multipart();
    files.forEach((name, bytes) -> m.file("images", name, "application/octet-stream", bytes));
    return m;
  }
}
