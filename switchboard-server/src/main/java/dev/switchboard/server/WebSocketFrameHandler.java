package dev.switchboard.server;

import dev.switchboard.CloseCodes;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded pipeline: turns whole WebSocket frames (fragments already
 * joined) into calls on the {@link WebSocketSession}, and maps failures to close codes: a message
 * over the limit closes with 1009 naming the limit, invalid UTF-8 with 1007, other protocol
 * errors with 1002. Per channel.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

  private final WebSocketSession session;

  WebSocketFrameHandler(WebSocketSession session) {
    this.session = session;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      switch (msg) {
        case TextWebSocketFrame t -> session.text(t.text());
        case BinaryWebSocketFrame b -> session.binary(ByteBufUtil.getBytes(b.content()));
        case PingWebSocketFrame p -> session.ping(p.content());
        case PongWebSocketFrame p -> session.pong();
        case CloseWebSocketFrame c -> session.closeReceived(c);
        default -> log.debug("ws[{}] unexpected message dropped: {}", session.id(), msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.inactive();
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      session.idle();
    } else if (evt == ServerContext.SHUTDOWN) {
      session.shutdown();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    var mode = WebSocketSession.CloseMode.AFTER_WRITE;
    if (cause instanceof TooLongFrameException
        || (cause instanceof CorruptedWebSocketFrameException c
            && c.closeStatus().code() == CloseCodes.MESSAGE_TOO_BIG)) {
      String reason = "message too big: the limit is " + session.maxMessageSize() + " bytes";
      log.debug("ws[{}] closed: {}", session.id(), reason);
      session.close(CloseCodes.MESSAGE_TOO_BIG, reason, mode, ServerMetrics.Close.TOO_BIG);
    } else if (cause instanceof CorruptedWebSocketFrameException c) {
      log.debug("ws[{}] closed: protocol error: {}", session.id(), c.getMessage());
      session.close(c.closeStatus().code(), truncate(c.getMessage()), mode,
          ServerMetrics.Close.PROTOCOL_ERROR);
    } else if (cause instanceof IOException) {
      log.debug("ws[{}] connection failed: {}", session.id(), cause.toString());
      ctx.close();
    } else {
      log.warn("ws[{}] failed; closing with 1011", session.id(), cause);
      session.close(CloseCodes.INTERNAL_ERROR, "internal error", mode, null);
    }
  }

  /** Keeps a close reason within the 123 bytes of UTF-8 a close frame allows. */
  static String truncate(String reason) {
    if (reason == null) {
      return "";
    }
    String r = reason;
    while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }
}
