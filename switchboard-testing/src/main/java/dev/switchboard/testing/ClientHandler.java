package dev.switchboard.testing;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test client's recorder: completes the handshake, then puts every received message into a
 * queue, counts pings and pongs, answers pings (unless told not to) and records how the
 * connection closed. Per channel.
 */
final class ClientHandler extends SimpleChannelInboundHandler<Object> {
  /** Put into the message queue once the connection has closed. */
  static final Object CLOSED = new Object();

  /** How the handshake ended: the HTTP status and the response headers. */
  record Handshake(int status, HttpHeaders headers) {}

  final CompletableFuture<Handshake> handshake = new CompletableFuture<>();
  final CompletableFuture<WebSocketTestClient.CloseStatus> closed = new CompletableFuture<>();
  final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  final AtomicInteger pings = new AtomicInteger();
  final AtomicInteger pongs = new AtomicInteger();
  private final WebSocketClientHandshaker handshaker;
  private final boolean autoPong;
  private final boolean readPaused;
  volatile boolean closeSent;

  ClientHandler(WebSocketClientHandshaker handshaker, boolean autoPong, boolean readPaused) {
    this.handshaker = handshaker;
    this.autoPong = autoPong;
    this.readPaused = readPaused;
  }

  /**
   * Returns the next message (a String or a byte[]), failing with "timed out waiting for {@code
   * what} ..." after {@code timeout}, or at once if the connection has closed.
   */
  Object next(Duration timeout, String what) {
    Object m = poll(timeout, what);
    if (m == null) {
      throw new AssertionError("timed out waiting for " + what + " within " + timeout);
    }
    if (m == CLOSED) {
      messages.add(m); // later calls see the close too
      WebSocketTestClient.CloseStatus s = closed.getNow(new WebSocketTestClient.CloseStatus(1006, ""));
      throw new AssertionError(
          "connection closed (" + s.code() + " '" + s.reason() + "') while waiting for " + what);
    }
    return m;
  }

  /** Waits {@code duration}, failing if a message arrives meanwhile; a close is no message. */
  void expectNothing(Duration duration) {
    Object m = poll(duration, "nothing");
    if (m == CLOSED) {
      messages.add(m);
    } else if (m != null) {
      throw new AssertionError("expected nothing but received " + describe(m));
    }
  }

  /** Describes a received message for failure messages. */
  static String describe(Object message) {
    if (message instanceof String s) {
      return "text '" + (s.length() <= 60 ? s : s.substring(0, 60) + "... (" + s.length() + " chars)") + "'";
    }
    return ((byte[]) message).length + " binary bytes";
  }

  private Object poll(Duration timeout, String what) {
    try {
      return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    handshaker.handshake(ctx.channel());
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    if (!handshaker.isHandshakeComplete() && msg instanceof FullHttpResponse response) {
      int status = response.status().code();
      if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
        handshake.complete(new Handshake(status, response.headers().copy()));
        ctx.close();
        return;
      }
      try {
        handshaker.finishHandshake(ctx.channel(), response);
      } catch (RuntimeException e) {
        handshake.completeExceptionally(e);
        ctx.close();
        return;
      }
      if (readPaused) {
        ctx.channel().config().setAutoRead(false);
      }
      handshake.complete(new Handshake(status, response.headers().copy()));
      return;
    }
    switch (msg) {
      case TextWebSocketFrame t -> messages.add(t.text());
      case BinaryWebSocketFrame b -> messages.add(ByteBufUtil.getBytes(b.content()));
      case PingWebSocketFrame p -> {
        pings.incrementAndGet();
        if (autoPong) {
          ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
        }
      }
      case PongWebSocketFrame p -> pongs.incrementAndGet();
      case CloseWebSocketFrame c -> {
        int code = c.statusCode() == -1 ? 1005 : c.statusCode();
        closed.complete(new WebSocketTestClient.CloseStatus(code, c.reasonText()));
        if (closeSent) {
          ctx.close();
        } else {
          closeSent = true; // echo the close, as RFC 6455 asks, then end the connection
          ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, c.content().retainedDuplicate()))
              .addListener(ChannelFutureListener.CLOSE);
        }
      }
      default -> { } // nothing else reaches a WebSocket client
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    handshake.completeExceptionally(new IOException("connection closed during the handshake"));
    closed.complete(new WebSocketTestClient.CloseStatus(1006, ""));
    messages.add(CLOSED);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    handshake.completeExceptionally(cause);
    ctx.close();
  }
}
