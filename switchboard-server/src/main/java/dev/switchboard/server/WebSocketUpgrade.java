package dev.switchboard.server;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import io.netty.buffer.ByteBufUtil;
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

/**
 * The Netty side of a WebSocket: checking the upgrade request, completing the handshake with
 * the application's choices, and turning sends into frames. Netty's handshaker does the
 * protocol work; this class only feeds it.
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

  /** Returns the frame of a ready {@code websocket.send} message (a text or bytes field). */
  static WebSocketFrame frame(Channel channel, Message send) {
    String text = send.get("text") instanceof String t ? t : null;
    return frame(channel, text, (byte[]) send.get("bytes"));
  }

  /** Returns the frame carrying {@code send}. */
  static WebSocketFrame frame(Channel channel, OutboundEvent.WebSocketSend send) {
    return frame(channel, send.text(), send.bytes());
  }

  /** Text as pooled UTF-8, else bytes without copying. */
  private static WebSocketFrame frame(
      Channel channel, @Nullable String text, byte @Nullable [] bytes) {
    return text != null
        ? new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
  }
}
