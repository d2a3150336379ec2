package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Assembles the pipeline of every accepted connection, and its WebSocket form after an accept.
 * This class is the one place that decides the order of handlers; all handlers are created per
 * channel.
 *
 * <pre>
 *  socket
 *   0 tls       SslHandler                  TLS, when configured (https, wss); its handshake
 *                                           must end within requestHeadTimeout
 *   1 flush     FlushConsolidationHandler   one flush per read burst (pipelined responses);
 *                                           removed on WebSocket upgrade
 *   2 idle      IdleStateHandler            "nothing read for idleTimeout" events (removed on
 *                                           WebSocket upgrade when heartbeats are on)
 *   2b deadline RequestDeadline             a request head must arrive within
 *                                           requestHeadTimeout of its first byte (slowloris);
 *                                           removed on WebSocket upgrade
 *   3 http      HttpServerCodec             bytes and HTTP/1.1 messages, within the request
 *                                           line and header size limits
 *   4 dispatch  HttpDispatcher              one request at a time: RFC 9112 and handshake
 *                                           checks, then static, WebSocket or app
 *
 *  after a WebSocket accept (see upgrade): the handshaker puts its frame codec in place of 3,
 *  and 4 is replaced by
 *   5 ws        WebSocketFrameHandler       the message rate (else 1008), close codes (else
 *                                           1002), joins fragments (at most maxMessageSize,
 *                                           else 1009), checks text is UTF-8 (else 1007), frames to the
 *                                           session; encodes outbound frames once the
 *                                           handshake response is out, when the handshaker's
 *                                           frame encoder leaves, so only its decoder stays
 * </pre>
 *
 * <p>An idle WebSocket is mostly its pipeline, so it has as few handlers as possible: the frame
 * handler does the aggregator's, the UTF-8 validator's and the frame encoder's work, and flushes
 * its pongs once per read burst itself. A WebSocket's other writes come from its outbound queue,
 * which flushes once per batch outside reads, where flush consolidation passes them through
 * anyway.
 *
 * <p>Connections beyond maxConnections get only the codec and a {@link RejectHandler} (503);
 * those beyond maxConnectionsPerIp from one address likewise (429).
 *
 * <p>Every connection's receive-buffer allocator is one shared instance ({@link
 * #shareRecvAllocator}), not one of its own.
 */
final class ServerInitializer extends ChannelInitializer<Channel> {
  private static final int MAX_CHUNK_SIZE = 64 * 1024;

  private final ServerContext server;
  private final AtomicInteger open = new AtomicInteger();
  private final ConnectionsPerAddress perAddress;
  // One listener for every channel rather than a capturing lambda per connection.
  private final ChannelFutureListener onClose = this::closed;
  // The receive-buffer allocator every channel shares; made from the first channel's own.
  private volatile @Nullable AdaptiveRecvByteBufAllocator recvAllocator;

  ServerInitializer(ServerContext server) {
    this.server = server;
    this.perAddress =
        new ConnectionsPerAddress(server.config.maxConnectionsPerIp(), server.config.limitLoopback());
  }

  @Override
  protected void initChannel(Channel ch) {
    shareRecvAllocator(ch.config());
    ChannelPipeline p = ch.pipeline();
    SslContext tls = server.config.sslContext();
    if (tls != null) {
      SslHandler handler = tls.newHandler(ch.alloc());
      handler.setHandshakeTimeoutMillis(server.config.requestHeadTimeout().toMillis());
      p.addLast("tls", handler);
    }
    if (open.get() >= server.config.maxConnections() || server.isStopping()) {
      reject(p, 503, "server at capacity, try again later");
      return;
    }
    if (!perAddress.tryOpen(ch.remoteAddress())) {
      reject(p, 429, "too many connections from your address");
      return;
    }
    open.incrementAndGet();
    server.channels.add(ch);
    server.metrics.connectionOpened();
    ch.closeFuture().addListener(onClose); // the only listener an idle socket's close future has

    p.addLast("flush", new FlushConsolidationHandler(256, false));
    long idle = server.config.idleTimeout().toMillis();
    if (idle > 0) {
      p.addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
    }
    p.addLast(RequestDeadline.NAME, new RequestDeadline(server));
    p.addLast("http", codec());
    p.addLast("dispatch", new HttpDispatcher(server, new ReadGate(ch)));
  }

  private void reject(ChannelPipeline p, int status, String reason) {
    server.metrics.rejected();
    p.addLast("http", codec());
    p.addLast("reject", new RejectHandler(status, reason));
  }

  /**
   * Replaces the channel's own receive-buffer allocator with one shared by every channel, set up
   * alike. Netty gives each channel an allocator of its own, but it is only configuration (sizes
   * and messages per read; the adaptive state is in the handle each channel makes from it), and
   * as an object of every open socket it costs 32 bytes each. Called before the channel's first
   * read, so its handle comes from the shared allocator; an allocator of another kind or set up
   * otherwise is left alone.
   */
  private void shareRecvAllocator(ChannelConfig config) {
    if (!(config.getRecvByteBufAllocator() instanceof AdaptiveRecvByteBufAllocator own)
        || own.getClass() != AdaptiveRecvByteBufAllocator.class) {
      return;
    }
    AdaptiveRecvByteBufAllocator shared = recvAllocator;
    if (shared == null
        || shared.maxMessagesPerRead() != own.maxMessagesPerRead()
        || shared.respectMaybeMoreData() != own.respectMaybeMoreData()) {
      // The first channel (the transport decides how many messages a read takes); concurrent
      // first channels may each make one, and one of them stays.
      shared = new AdaptiveRecvByteBufAllocator();
      shared.maxMessagesPerRead(own.maxMessagesPerRead());
      shared.respectMaybeMoreData(own.respectMaybeMoreData());
      recvAllocator = shared;
    }
    config.setRecvByteBufAllocator(shared);
  }

  /**
   * Counts a closed connection. Runs before the pipeline is torn down, so an upgraded channel
   * still has its WebSocket handler (a channel attribute would say the same at 50 bytes a socket).
   */
  private void closed(ChannelFuture f) {
    open.decrementAndGet();
    perAddress.closed(f.channel().remoteAddress()); // cached by the channel since initChannel
    server.channels.remove(f.channel());
    server.metrics.connectionClosed(f.channel().pipeline().get(WebSocketFrameHandler.class) != null);
  }

  /**
   * Turns an accepted connection's pipeline into its WebSocket form (handler 5). Called on the
   * event loop right after the handshaker installed its frame codec.
   */
  static void upgrade(Channel ch, WebSocketSession session, boolean heartbeat) {
    ChannelPipeline p = ch.pipeline();
    if (heartbeat && p.get("idle") != null) {
      // Pings detect a dead peer (pong timeout) and pongs count as reads, so with heartbeats on
      // the idle timer could never fire first: drop its handler and timer from every socket.
      p.remove("idle");
    }
    p.remove(RequestDeadline.NAME);
    HttpDispatcher dispatcher = (HttpDispatcher) p.get("dispatch");
    p.replace(dispatcher, "ws", new WebSocketFrameHandler(session, dispatcher.messageRate()));
    p.remove("flush"); // flushes anything it held back
  }

  private HttpServerCodec codec() {
    return new HttpServerCodec(
        server.config.maxRequestLine(), server.config.maxHeaderSize(), MAX_CHUNK_SIZE);
  }
}
