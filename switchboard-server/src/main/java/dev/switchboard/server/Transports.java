package dev.switchboard.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport the server runs on: native epoll where available (Linux), Java NIO
 * elsewhere. Chosen once per server start.
 */
enum Transports {
  /** Linux epoll through Netty's native transport. */
  EPOLL,
  /** Java NIO selectors, available everywhere. */
  NIO;

  /** Returns epoll when {@link Epoll#isAvailable()}, NIO otherwise. */
  static Transports best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /**
   * Returns a new event loop group.
   *
   * @param threads the number of threads; 0 lets Netty choose (twice the cores)
   * @param name the thread name prefix
   */
  EventLoopGroup newGroup(int threads, String name) {
    IoHandlerFactory factory =
        this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
  }

  /** Returns the server channel class of this transport. */
  Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** Returns a reason for the logs when NIO is used on Linux. */
  static String whyNotEpoll() {
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? "" : cause.toString();
  }
}
