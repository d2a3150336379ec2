package dev.switchboard.testing;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every {@link WebSocketTestClient} of the JVM shares: epoll where available,
 * NIO elsewhere, on daemon threads, created on first use. Sharing keeps thousands of test
 * sockets cheap.
 */
final class ClientLoops {
  private static final boolean EPOLL = Epoll.isAvailable();
  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          new DefaultThreadFactory("switchboard-test-client", true),
          EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

  private ClientLoops() {}

  static EventLoopGroup group() {
    return GROUP;
  }

  static Class<? extends SocketChannel> channelClass() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
