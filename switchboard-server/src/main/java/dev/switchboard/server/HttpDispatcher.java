package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the requests of one HTTP/1.1 connection, one after another, to static files, the
 * WebSocket handshake or the application. Requests that arrive while one is being answered
 * (pipelining) wait in a short backlog; a longer one pauses reading. Per channel, event loop
 * only.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);
  private static final int MAX_BACKLOG = 16;

  private final ServerContext server;
  private final ReadGate gate;
  private final ArrayDeque<HttpObject> backlog = new ArrayDeque<>();
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable Exchange current;
  private boolean requestDone; // the current request's last body part was handed over
  private boolean closing;

  HttpDispatcher(ServerContext server, ReadGate gate) {
    this.server = server;
    this.gate = gate;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || !(msg instanceof HttpObject)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof FullHttpRequest full) {
      // Split so every request flows the same way: head first, then body parts. The decoder
      // reports a malformed request line as a full request with a failed result: keep it.
      var head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
      head.setDecoderResult(full.decoderResult());
      backlog.add(head);
      backlog.add(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
    } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
      // A malformed body (a chunk size that does not parse): the decoder discards the rest of
      // the connection's bytes, so nothing more can be answered on it.
      content.release();
      malformedBody(content.decoderResult().cause());
      return;
    } else {
      backlog.add((HttpObject) msg);
    }
    pump();
  }

  /** Hands waiting messages to the current exchange, or starts the next one. */
  void pump() {
    while (!backlog.isEmpty() && !closing) {
      HttpObject next = backlog.peek();
      if (current == null) {
        backlog.poll();
        if (next instanceof HttpRequest request) {
          requestDone = false;
          current = start(request);
        } else {
          ReferenceCountUtil.release(next); // body of a request answered before it arrived
        }
      } else if (!requestDone && current.ready() && next instanceof HttpContent content) {
        backlog.poll();
        requestDone = content instanceof LastHttpContent;
        current.content(content);
      } else {
        break;
      }
    }
    gate.pause(ReadGate.BACKLOG, backlog.size() >= MAX_BACKLOG);
  }

  /**
   * The exchange's response was written completely; the next request may start.
   *
   * @param keepAlive whether the response left the connection reusable
   */
  void finished(Exchange exchange, boolean keepAlive) {
    if (exchange != current || ctx == null) {
      return;
    }
    current = null;
    if (!keepAlive || !requestDone || server.isStopping()) {
      closeNow();
      return;
    }
    RequestDeadline.expectHead(ctx.channel());
    pump();
  }

  /** Returns the limit on the messages of the WebSocket this connection may become. */
  MessageRate messageRate() {
    return server.messageRate;
  }

  /** A static lookup found nothing: the application answers the request instead. */
  void fallBack(Exchange exchange, HttpRequest request) {
    if (exchange == current && ctx != null) {
      current = new HttpExchange(this, server, request, ctx.channel(), gate);
      pump();
    }
  }

  /** The exchange answered and closes the connection; nothing more is read. */
  void abort(Exchange exchange) {
    if (exchange == current) {
      closing = true;
      releaseBacklog();
    }
  }

  private void malformedBody(Throwable cause) {
    log.debug("http[{}] malformed request body: {}", ctx.channel().id().asShortText(), cause.toString());
    Exchange ex = current;
    if (ex == null || (requestDone && backlog.isEmpty())) {
      refuse(400, "malformed request body");
    } else {
      closing = true;
      releaseBacklog();
      if (!ex.malformedBody()) {
        ctx.channel().close();
      }
    }
  }

  private @Nullable Exchange start(HttpRequest request) {
    var channel = ctx.channel();
    RequestDeadline.headArrived(channel);
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      int status =
          cause instanceof TooLongHttpLineException ? 414
              : cause instanceof TooLongFrameException ? 431
              : 400;
      log.debug("http[{}] bad request: {}", channel.id().asShortText(), cause.toString());
      return refuse(status, "bad request");
    }
    if (server.isStopping()) {
      return refuse(503, "server shutting down");
    }
    RequestChecks.Refusal refusal = RequestChecks.check(request, server.config.maxHeaderCount());
    if (refusal != null) {
      log.debug("http[{}] refused {}: {}", channel.id().asShortText(), refusal.status(), refusal.reason());
      return refuse(refusal.status(), refusal.reason());
    }
    String path;
    try {
      path = Scopes.path(request);
    } catch (IllegalArgumentException e) {
      return refuse(400, "bad request target");
    }
    if (isWebSocketUpgrade(request)) {
      refusal = HandshakeChecks.check(request, server.config.origins(), server.config.tls() ? "wss" : "ws");
      if (refusal != null) {
        log.debug("ws[{}] handshake refused {}: {}", channel.id().asShortText(), refusal.status(),
            refusal.reason());
        return refuse(refusal.status(), refusal.reason());
      }
      if (!WebSocketUpgrade.supportedVersion(request)) {
        closing = true;
        releaseBacklog();
        server.metrics.response(426);
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
            .addListener(ChannelFutureListener.CLOSE);
        return null;
      }
      return new WebSocketSession(this, server, request, channel, gate).start();
    }
    StaticFiles.Target target = server.staticFiles.match(request.method(), path);
    if (target != null) {
      if (target.forbidden()) {
        return refuse(404, "not found");
      }
      StaticExchange exchange = new StaticExchange(this, server, target, request, channel);
      exchange.start();
      return exchange;
    }
    long length = HttpUtil.getContentLength(request, -1L);
    if (length > server.config.maxRequestBodySize()) {
      return refuse(413, "request body larger than " + server.config.maxRequestBodySize() + " bytes");
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      channel.writeAndFlush(HttpResponses.continueResponse());
    }
    return new HttpExchange(this, server, request, channel, gate);
  }

  private @Nullable Exchange refuse(int status, String reason) {
    server.metrics.response(status);
    HttpResponses.text(ctx.channel(), status, reason, true);
    closing = true;
    releaseBacklog();
    return null;
  }

  private static boolean isWebSocketUpgrade(HttpRequest request) {
    return request.method().equals(HttpMethod.GET)
        && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseBacklog(); // replaced on a WebSocket upgrade; nothing should be waiting
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    releaseBacklog();
    Exchange ex = current;
    current = null;
    if (ex != null) {
      ex.inactive();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (current == null) {
        closeNow(); // an idle keep-alive connection; a running exchange is left alone
      }
    } else if (evt == ServerContext.SHUTDOWN) {
      if (current == null) {
        closeNow();
      } else {
        current.shutdown();
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      log.debug("http[{}] connection failed: {}", ctx.channel().id().asShortText(), cause.toString());
    } else {
      log.warn("http[{}] failed; closing", ctx.channel().id().asShortText(), cause);
    }
    closeNow();
  }

  private void closeNow() {
    closing = true;
    releaseBacklog();
    if (ctx != null) {
      ctx.channel().close();
    }
  }

  private void releaseBacklog() {
    HttpObject o;
    while ((o = backlog.poll()) != null) {
      ReferenceCountUtil.release(o);
    }
  }
}
