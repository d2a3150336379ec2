package dev.switchboard;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event that reaches an application: from the client through the server, or from the channel
 * layer. Handled by {@link ConnectionHandler#handle} one at a time, in order.
 */
public sealed interface InboundEvent {

  /** A client asks to open a WebSocket; answer with accept, deny or close. */
  record WebSocketConnect() implements InboundEvent {
    /** The one instance. */
    public static final WebSocketConnect INSTANCE = new WebSocketConnect();
  }

  /**
   * A complete WebSocket message from the client (fragments already joined): exactly one of
   * {@code text} and {@code bytes} is non-null.
   */
  record WebSocketReceive(@Nullable String text, byte @Nullable [] bytes) implements InboundEvent {
    /** Checks that exactly one of text and bytes is set. */
    public WebSocketReceive {
      if ((text == null) == (bytes == null)) {
        throw new IllegalArgumentException("exactly one of text and bytes must be non-null");
      }
    }

    /** Returns a text message. */
    public static WebSocketReceive text(String text) {
      return new WebSocketReceive(Objects.requireNonNull(text, "text"), null);
    }

    /** Returns a binary message. */
    public static WebSocketReceive bytes(byte[] bytes) {
      return new WebSocketReceive(null, Objects.requireNonNull(bytes, "bytes"));
    }

    @Override
    public String toString() {
      return text != null
          ? "WebSocketReceive[text, " + text.length() + " chars]"
          : "WebSocketReceive[bytes, " + bytes.length + " bytes]";
    }
  }

  /**
   * The WebSocket is closed, by either side or because the socket failed. The last event of a
   * WebSocket connection.
   *
   * @param code the close code (1006 when the socket dropped without a close frame)
   * @param reason the close reason, possibly empty
   */
  record WebSocketDisconnect(int code, String reason) implements InboundEvent {}

  /**
   * A part of an HTTP request body; {@code moreBody} is false on the last part.
   *
   * @param body the bytes of this part (may be empty)
   * @param moreBody whether more parts follow
   */
  record HttpRequest(byte[] body, boolean moreBody) implements InboundEvent {
    /** Returns the body decoded as UTF-8. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "HttpRequest[" + body.length + " bytes, moreBody=" + moreBody + "]";
    }
  }

  /** The HTTP client went away, or the response was completed; the last event of HTTP. */
  record HttpDisconnect() implements InboundEvent {
    /** The one instance. */
    public static final HttpDisconnect INSTANCE = new HttpDisconnect();
  }

  /**
   * A message from the channel layer, sent to this connection's channel or to a group it is in.
   *
   * @param message the message; its {@link Message#type()} selects the handler
   */
  record ChannelMessage(Message message) implements InboundEvent {}
}
