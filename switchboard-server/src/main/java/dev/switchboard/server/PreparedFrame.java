package dev.switchboard.server;

import dev.switchboard.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A WebSocket frame encoded once, by Netty's own encoder, for every connection a group message
 * reaches: server frames are unmasked (RFC 6455 section 5.1), so the same bytes are valid on
 * every socket. Each connection writes a wrapper around the shared array, past the WebSocket
 * encoder, instead of encoding the message again.
 *
 * @param bytes the complete frame, header included; shared, never modified
 */
record PreparedFrame(byte[] bytes) {
  private static final Object KEY = new Object();

  /** Returns the frame of a ready {@code websocket.send} message, encoding it on first use. */
  static PreparedFrame of(Message message) {
    return message.derive(KEY, PreparedFrame::encode);
  }

  /** Returns a buffer over the shared bytes for one connection's write. */
  ByteBuf buffer() {
    return Unpooled.wrappedBuffer(bytes);
  }

  private static PreparedFrame encode(Message message) {
    WebSocketFrame frame =
        message.get("text") instanceof String
            ? new TextWebSocketFrame(Unpooled.wrappedBuffer(message.utf8("text")))
            : new BinaryWebSocketFrame(Unpooled.wrappedBuffer((byte[]) message.get("bytes")));
    // Netty's encoder on a throwaway channel: the framing stays Netty's, done once per message.
    EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    encoder.writeOutbound(frame);
    ByteBuf out = Unpooled.buffer();
    for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
      out.writeBytes(part);
      part.release();
    }
    encoder.finishAndReleaseAll();
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return new PreparedFrame(bytes);
  }
}
