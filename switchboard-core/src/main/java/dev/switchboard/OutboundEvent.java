package dev.switchboard;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** An event an application sends towards its client through {@link Connection#send}. */
public sealed interface OutboundEvent {

  /**
   * Accepts a WebSocket: the server completes the handshake.
   *
   * @param subprotocol the chosen subprotocol, one of those the client offered, or null
   * @param headers extra response headers for the handshake
   */
  record WebSocketAccept(@Nullable String subprotocol, Headers headers) implements OutboundEvent {
    /** Accepts with no subprotocol and no extra headers. */
    public static final WebSocketAccept PLAIN = new WebSocketAccept(null, Headers.EMPTY);
  }

  /**
   * Refuses a WebSocket before it is accepted: the handshake is answered with an HTTP status.
   *
   * @param status an HTTP status from 400 to 599 (403 by default)
   * @param reason a short text for the response body and the logs
   */
  record WebSocketDeny(int status, String reason) implements OutboundEvent {
    /** Checks the status range. */
    public WebSocketDeny {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException(
            "status must be an HTTP error status from 400 to 599: " + status);
      }
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * One WebSocket message to the client: exactly one of {@code text} and {@code bytes} is set.
   */
  record WebSocketSend(@Nullable String text, byte @Nullable [] bytes) implements OutboundEvent {
    /** Checks that exactly one of text and bytes is set. */
    public WebSocketSend {
      if ((text == null) == (bytes == null)) {
        throw new IllegalArgumentException("exactly one of text and bytes must be non-null");
      }
    }

    /** Returns a text message. */
    public static WebSocketSend text(String text) {
      return new WebSocketSend(Objects.requireNonNull(text, "text"), null);
    }

    /** Returns a binary message. */
    public static WebSocketSend bytes(byte[] bytes) {
      return new WebSocketSend(null, Objects.requireNonNull(bytes, "bytes"));
    }

    @Override
    public String toString() {
      return text != null
          ? "WebSocketSend[text, " + text.length() + " chars]"
          : "WebSocketSend[bytes, " + bytes.length + " bytes]";
    }
  }

  /**
   * Closes a WebSocket with a close code and reason. Sent before accept, it refuses the handshake
   * with HTTP 403, as in ASGI.
   *
   * @param code 1000, or 3000-4999 (application codes), or a code the RFC allows an endpoint to
   *     send (1001-1003, 1007-1011)
   * @param reason at most 123 bytes of UTF-8
   */
  record WebSocketClose(int code, String reason) implements OutboundEvent {
    /** Checks the code and the reason length against RFC 6455. */
    public WebSocketClose {
      if (!CloseCodes.sendable(code)) {
        throw new IllegalArgumentException(
            "code must be 1000-1003, 1007-1011 or 3000-4999 (RFC 6455 section 7.4): " + code);
      }
      Objects.requireNonNull(reason, "reason");
      if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
        throw new IllegalArgumentException(
            "reason must be at most 123 bytes of UTF-8: " + reason.length() + " chars given");
      }
    }
  }

  /**
   * Starts an HTTP response.
   *
   * @param status the HTTP status
   * @param headers the response headers
   */
  record HttpResponseStart(int status, Headers headers) implements OutboundEvent {
    /** Checks the status range. */
    public HttpResponseStart {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be from 100 to 599: " + status);
      }
      Objects.requireNonNull(headers, "headers");
    }
  }

  /**
   * A part of an HTTP response body; {@code moreBody} false completes the response. With
   * {@code moreBody} true the response streams (server-sent events, long-poll).
   */
  record HttpResponseBody(byte[] body, boolean moreBody) implements OutboundEvent {
    @Override
    public String toString() {
      return "HttpResponseBody[" + body.length + " bytes, moreBody=" + moreBody + "]";
    }
  }
}
