package dev.switchboard.server;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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
  private static final int POOLED = 16;
  // Encoders on throwaway channels, borrowed exclusively: creating one per message would cost
  // more than the encoding when a group has a single member (an echo).
  private static final ConcurrentLinkedQueue<EmbeddedChannel> ENCODERS = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger POOL_SIZE = new AtomicInteger();

  /** Returns the frame of a ready {@code websocket.send} message, encoding it on first use. */
  static PreparedFrame of(Message message) {
    return message.derive(KEY, PreparedFrame::encode);
  }

  /** Returns the frame of {@code message} if a fan-out encoded it already, else null. */
  static @Nullable PreparedFrame cached(Message message) {
    return message.derived(KEY);
  }

  /** Returns a buffer over the shared bytes for one connection's write. */
  ByteBuf buffer() {
    return Unpooled.wrappedBuffer(bytes);
  }

  /**
   * Encodes a ready {@code websocket.send} message (once: the encoding is kept with the message)
   * into a direct buffer, for a fan-out whose recipients each write a retained duplicate of it:
   * sockets write it without copying, as the baseline does. The caller owns the returned
   * reference.
   */
  static ByteBuf direct(Message message) {
    byte[] bytes = of(message).bytes();
    return ByteBufAllocator.DEFAULT.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
  }

  private static PreparedFrame encode(Message message) {
    WebSocketFrame frame =
        message.get("text") instanceof String
            ? new TextWebSocketFrame(Unpooled.wrappedBuffer(message.utf8("text")))
            : new BinaryWebSocketFrame(Unpooled.wrappedBuffer((byte[]) message.get("bytes")));
    // Netty's encoder on an embedded channel: the framing stays Netty's, done once per message.
    EmbeddedChannel encoder = ENCODERS.poll();
    if (encoder == null) {
      encoder = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    } else {
      POOL_SIZE.decrementAndGet();
    }
    encoder.writeOutbound(frame);
    ByteBuf first = encoder.readOutbound();
    ByteBuf second = encoder.readOutbound(); // large frames come as header + payload
    byte[] bytes = new byte[first.readableBytes() + (second == null ? 0 : second.readableBytes())];
    first.readBytes(bytes, 0, first.readableBytes());
    if (second != null) {
      second.readBytes(bytes, bytes.length - second.readableBytes(), second.readableBytes());
      second.release();
    }
    first.release();
    if (POOL_SIZE.incrementAndGet() <= POOLED) {
      ENCODERS.offer(encoder);
    } else {
      POOL_SIZE.decrementAndGet();
      encoder.finishAndReleaseAll();
    }
    return new PreparedFrame(bytes);
  }
}
