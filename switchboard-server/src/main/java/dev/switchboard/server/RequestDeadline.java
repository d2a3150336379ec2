package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline of a request's head: it starts at the head's first byte and is not moved by later
 * bytes, so a client that trickles a request (slowloris) is answered 408 and closed when it runs
 * out, however often it sends. The dispatcher ends the wait when the head is decoded ({@link
 * #headArrived}) and starts the next one when a response is done ({@link #expectHead}). Sits
 * before the HTTP codec, where bytes are still bytes; leaves the pipeline on a WebSocket upgrade.
 * Per channel, event loop only.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
  static final String NAME = "deadline";
  private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

  private final ServerContext server;
  private boolean waiting = true; // between requests: the next byte starts a head
  private @Nullable ScheduledFuture<?> timer;

  RequestDeadline(ServerContext server) {
    this.server = server;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (waiting && timer == null && msg instanceof ByteBuf b && b.isReadable()) {
      long nanos = server.config.requestHeadTimeout().toNanos();
      timer = ctx.executor().schedule(() -> expired(ctx), nanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelRead(msg);
  }

  private void expired(ChannelHandlerContext ctx) {
    timer = null;
    if (waiting && ctx.channel().isActive()) {
      log.debug("http[{}] closed: request head not complete within {}",
          ctx.channel().id().asShortText(), server.config.requestHeadTimeout());
      server.metrics.response(408);
      HttpResponses.text(ctx.channel(), 408, "request head not complete in time", true);
    }
  }

  /** A request head was decoded: its deadline no longer applies. */
  static void headArrived(Channel channel) {
    if (channel.pipeline().get(NAME) instanceof RequestDeadline d) {
      d.waiting = false;
      d.cancel();
    }
  }

  /** A response is done: the next byte starts the next request's head. */
  static void expectHead(Channel channel) {
    if (channel.pipeline().get(NAME) instanceof RequestDeadline d) {
      d.waiting = true;
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }
}
