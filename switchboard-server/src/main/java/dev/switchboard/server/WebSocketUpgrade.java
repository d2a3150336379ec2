package dev.switchboard.server;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;

/**
 * The Netty side of a WebSocket: checking the upgrade request, completing the handshake with
 * the application's choices, and turning sends into frames. Netty's handshaker does the
 * protocol work; this class only feeds it.
 *
 * <p>A frame's payload is a heap array wrapped, not a pooled direct buffer: the frame encoder
 * copies a small payload (up to 1 KiB) and the header into one direct buffer in a single bulk
 * copy, and the transport copies a larger heap payload into a direct buffer the same way. UTF-8
 * written character by character into a direct buffer costs more here: with no
 * {@code sun.misc.Unsafe} (Netty's default from Java 25 on), every byte is a checked {@code
 * ByteBuffer} access; a pooled payload would also cost an allocation and a release per frame.
 */
final class WebSocketUpgrade {
  private WebSocketUpgrade() {}

  /** Returns whether the request asks for a WebSocket version this server speaks (13). */
  static boolean supportedVersion(HttpRequest request) {
    return "13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
  }

  /** Returns the head of the upgrade request as the full request Netty's handshaker takes. */
  static FullHttpRequest head(HttpRequest request) {
    return new DefaultFullHttpRequest(
        request.protocolVersion(), request.method(), request.uri(), Unpooled.EMPTY_BUFFER,
        request.headers(), EmptyHttpHeaders.INSTANCE);
  }

  /**
   * Answers the upgrade with 101: the application's subprotocol and headers, the frame codec in
   * place of the HTTP codec. Once the response is written and the HTTP codec gone, the frame
   * handler takes over encoding ({@link WebSocketFrameHandler#handshakeWritten}). Event loop
   * only.
   *
   * @param headers the application's extra response headers
   * @throws RuntimeException if the request is not a valid upgrade
   */
  static void complete(
      Channel channel, FullHttpRequest request, @Nullable String subprotocol, HttpHeaders headers,
      WebSocketDecoderConfig config) {
    String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
    new WebSocketServerHandshakerFactory(location, subprotocol, config)
        .newHandshaker(request)
        .handshake(channel, request, headers, channel.newPromise())
        .addListener(f -> {
          if (f.isSuccess()) {
            WebSocketFrameHandler.handshakeWritten(channel);
          } else {
            channel.close();
          }
        });
  }

  /**
   * Returns the frame of a ready {@code websocket.send} message (a text or bytes field). The text's
   * UTF-8 is the message's own, encoded once however many sockets it reaches ({@link
   * Message#utf8}).
   */
  static WebSocketFrame frame(Message send) {
    return send.get("text") instanceof String
        ? new TextWebSocketFrame(Unpooled.wrappedBuffer(send.utf8("text")))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer((byte[]) send.get("bytes")));
  }

  /** Returns the frame carrying {@code send}. */
  static WebSocketFrame frame(OutboundEvent.WebSocketSend send) {
    String text = send.text();
    return text != null
        ? new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(send.bytes()));
  }
}
