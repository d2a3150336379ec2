package dev.switchboard.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admits only WebSocket handshakes for {@code /ws/chat/{room}/} whose Origin, if any, is the
 * request's own host (the chat example's same-host rule), and records the room on the channel;
 * anything else is answered with 404 or 403 and closed. Runs once per connection, before the
 * WebSocket protocol handler; it removes itself after admitting a handshake.
 */
final class BaselineHandshakeGuard extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** The room of an admitted connection. */
  static final AttributeKey<String> ROOM = AttributeKey.valueOf("baseline.room");

  private static final Pattern PATH = Pattern.compile("/ws/chat/([A-Za-z0-9_-]{1,100})/");

  BaselineHandshakeGuard() {
    super(false); // an admitted request travels on to the handshake, which releases it
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String uri = req.uri();
    int query = uri.indexOf('?');
    Matcher m = PATH.matcher(query < 0 ? uri : uri.substring(0, query));
    if (!m.matches() || !"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
      refuse(ctx, req, HttpResponseStatus.NOT_FOUND);
      return;
    }
    String origin = req.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && !sameHost(origin, req.headers().get(HttpHeaderNames.HOST))) {
      refuse(ctx, req, HttpResponseStatus.FORBIDDEN);
      return;
    }
    ctx.channel().attr(ROOM).set(m.group(1));
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(req);
  }

  private static boolean sameHost(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI o = new URI(origin.trim());
      URI h = new URI("http://" + host.trim());
      int op = o.getPort() >= 0 ? o.getPort() : ("https".equalsIgnoreCase(o.getScheme()) ? 443 : 80);
      int hp = h.getPort() >= 0 ? h.getPort() : 80;
      return o.getHost() != null && o.getHost().equalsIgnoreCase(h.getHost()) && op == hp;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static void refuse(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status) {
    req.release();
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.copiedBuffer(status.reasonPhrase() + "\n", StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }
}
