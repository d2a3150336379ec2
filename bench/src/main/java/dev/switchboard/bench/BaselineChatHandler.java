package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline chat logic, one instance per connection: joins the room when the handshake
 * completes, and turns each {@code {"message": s}} text frame into one encoded {@code
 * {"message": s}} frame written to every member of the room, the sender included.
 *
 * <p>A frame that is not a JSON object with a string {@code "message"} closes the socket with
 * 1007; a binary frame closes it with 1003, as the chat example does.
 */
final class BaselineChatHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(BaselineChatHandler.class);

  private final ConcurrentMap<String, BaselineRoom> rooms;
  private BaselineRoom room;

  BaselineChatHandler(ConcurrentMap<String, BaselineRoom> rooms) {
    this.rooms = rooms;
  }

  /** Creates the room table shared by all connections of one server. */
  static ConcurrentMap<String, BaselineRoom> newRoomTable() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      Channel ch = ctx.channel();
      String name = ch.attr(BaselineHandshakeGuard.ROOM).get();
      // Join inside compute so a join never lands in a room that a last leave just dropped.
      room =
          rooms.compute(
              name,
              (k, r) -> {
                BaselineRoom joined = r == null ? new BaselineRoom() : r;
                joined.join(ch);
                return joined;
              });
      ch.closeFuture().addListener(f -> leave(name, ch));
    }
    super.userEventTriggered(ctx, evt);
  }

  private void leave(String name, Channel ch) {
    // Drop the room when it empties, atomically with respect to joins of the same name.
    rooms.computeIfPresent(name, (k, r) -> r.leave(ch) == 0 ? null : r);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!(msg instanceof WebSocketFrame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (!(msg instanceof TextWebSocketFrame text)) {
        close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "binary messages are not accepted");
        return;
      }
      String message = ChatWire.readMessage(text.content());
      if (message == null) {
        close(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "expected {\"message\": string}");
        return;
      }
      if (room != null) {
        ByteBuf frame = ChatWire.textFrame(ctx.alloc(), message);
        room.broadcast(frame);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private static void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
    ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason))
        .addListener(f -> ctx.close());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("baseline[{}] failed: {}", ctx.channel().id(), cause.toString());
    ctx.close();
  }
}
