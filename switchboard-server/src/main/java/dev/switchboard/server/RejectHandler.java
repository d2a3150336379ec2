package dev.switchboard.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Answers the first request of a connection over the server's limit with 503 and closes it.
 * A connection that sends no request within a few seconds is closed without an answer.
 */
final class RejectHandler extends ChannelInboundHandlerAdapter {
  private static final long WAIT_SECONDS = 5;

  private boolean answered;

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
      HttpResponses.text(ctx.channel(), 503, "server at capacity, try again later", true);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
