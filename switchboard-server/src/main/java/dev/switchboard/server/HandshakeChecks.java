package dev.switchboard.server;

import dev.switchboard.Nullable;
import dev.switchboard.middleware.OriginValidator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Base64;
import java.util.List;

/**
 * The opening-handshake rules of RFC 6455 section 4.2.1 that Netty's handshaker does not check,
 * and the origin check: applied on the event loop before the application is asked, so a refused
 * handshake costs no handler.
 */
final class HandshakeChecks {
  private HandshakeChecks() {}

  /**
   * Returns why the upgrade {@code request} is refused (400 for a malformed handshake, 403 for an
   * origin not allowed), or null if the application may see it. The version itself is checked
   * afterwards, for its 426 answer.
   *
   * @param scheme "ws" or "wss", for the origin check
   */
  static RequestChecks.@Nullable Refusal check(HttpRequest request, OriginValidator origins, String scheme) {
    if (!request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      return bad("a WebSocket upgrade needs HTTP/1.1");
    }
    HttpHeaders headers = request.headers();
    if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
      return bad("a WebSocket upgrade needs Connection: Upgrade");
    }
    List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (keys.size() != 1) {
      return bad(keys.isEmpty() ? "missing Sec-WebSocket-Key" : "more than one Sec-WebSocket-Key");
    }
    if (!isNonce(keys.getFirst())) {
      return bad("Sec-WebSocket-Key must be 16 bytes in base64");
    }
    if (headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION).size() > 1) {
      return bad("more than one Sec-WebSocket-Version");
    }
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (!origins.allows(origin, headers.get(HttpHeaderNames.HOST), scheme)) {
      return new RequestChecks.Refusal(403, origin == null ? "origin required" : "origin not allowed");
    }
    return null;
  }

  /** Returns whether {@code key} is base64 (with padding) of exactly 16 bytes. */
  static boolean isNonce(String key) {
    String k = key.trim();
    if (k.length() != 24 || !k.endsWith("==")) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(k).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static RequestChecks.Refusal bad(String reason) {
    return new RequestChecks.Refusal(400, reason);
  }
}
