package dev.switchboard.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;

/**
 * Opens the sockets of {@link WebSocketTestClient}s on event loops every client of the JVM
 * shares: epoll where available, NIO elsewhere, on daemon threads. Sharing keeps thousands of
 * test sockets cheap.
 */
final class ClientConnector {
  private static final boolean EPOLL = Epoll.isAvailable();
  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          new DefaultThreadFactory("switchboard-test-client", true),
          EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

  private ClientConnector() {}

  /**
   * Connects to {@code uri}'s host and port; {@code handler} starts the handshake once connected.
   *
   * <p>Pipeline: HTTP codec and aggregator for the handshake response (Netty's handshaker
   * replaces them with the frame codec), a frame aggregator joining fragments up to {@code
   * maxFrameSize}, then the recorder.
   */
  static ChannelFuture connect(URI uri, ClientHandler handler, int maxFrameSize, Duration timeout) {
    Bootstrap b = new Bootstrap()
        .group(GROUP)
        .channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketFrameAggregator(maxFrameSize), handler);
          }
        });
    return b.connect(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
  }
}
