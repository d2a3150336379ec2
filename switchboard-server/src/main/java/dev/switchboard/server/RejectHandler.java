package dev.switchboard.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Answers the first request of a connection over one of the server's limits with its status
 * (503 over maxConnections, 429 over maxConnectionsPerIp) and closes it. A connection that sends
 * no request within a few seconds is closed without an answer.
 */
final class RejectHandler extends ChannelInboundHandlerAdapter {
  private static final long WAIT_SECONDS = 5;

  private final int status;
  private final String reason;
  private boolean answered;

  RejectHandler(int status, String reason) {
    this.status = status;
    this.reason = reason;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.executor().schedule(() -> ctx.channel().close(), WAIT_SECONDS, TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
    if (msg instanceof HttpRequest && !answered) {
      answered = true;
      HttpResponses.text(ctx.channel(), status, reason, true);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
