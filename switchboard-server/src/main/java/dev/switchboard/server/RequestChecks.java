package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The RFC 9112 rules a request head must meet before anything routes it, where Netty's decoder is
 * lenient: a known HTTP version, exactly one Host under HTTP/1.1 (at most one under 1.0), no more
 * header fields than the configured count, and a body length that two parsers cannot read
 * differently (request smuggling): one Content-Length with one value, or Transfer-Encoding that
 * is exactly {@code chunked}, never both.
 */
final class RequestChecks {
  /** Why a request is refused: the status to answer and the reason in its body. */
  record Refusal(int status, String reason) {}

  private RequestChecks() {}

  /** Returns why {@code request} is refused, or null if it meets the rules. */
  static @Nullable Refusal check(HttpRequest request, int maxHeaderCount) {
    HttpVersion version = request.protocolVersion();
    if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
      return new Refusal(505, "HTTP version not supported: " + version.text());
    }
    HttpHeaders headers = request.headers();
    if (headers.size() > maxHeaderCount) {
      return new Refusal(431, "more than " + maxHeaderCount + " header fields");
    }
    List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1 || (hosts.isEmpty() && version.equals(HttpVersion.HTTP_1_1))) {
      return new Refusal(400, "an HTTP/1.1 request needs exactly one Host header");
    }
    List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!lengths.isEmpty() && !codings.isEmpty()) {
      return new Refusal(400, "Content-Length and Transfer-Encoding together");
    }
    if (lengths.size() > 1 || (lengths.size() == 1 && !digits(lengths.getFirst()))) {
      return new Refusal(400, "Content-Length must be one decimal number");
    }
    if (codings.size() > 1
        || (codings.size() == 1 && !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.getFirst().trim()))) {
      return new Refusal(501, "the only transfer coding accepted is chunked");
    }
    if (!codings.isEmpty() && version.equals(HttpVersion.HTTP_1_0)) {
      return new Refusal(400, "Transfer-Encoding in an HTTP/1.0 request");
    }
    return null;
  }

  private static boolean digits(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 18) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
