package dev.switchboard.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport the load generator and the baseline server use: native epoll where it is
 * available (Linux), NIO otherwise, so both sides of a benchmark run on the same I/O layer.
 */
final class Transports {
  private Transports() {}

  /** Returns whether native epoll is in use. */
  static boolean epoll() {
    return Epoll.isAvailable();
  }

  /** Returns "epoll" or "nio", for reports. */
  static String name() {
    return epoll() ? "epoll" : "nio";
  }

  /**
   * Creates an event loop group of {@code threads} daemon I/O threads named after {@code prefix}.
   * Netty's own thread factory makes FastThreadLocalThreads, which the pooled allocator's
   * per-thread caches and Netty's fast thread-locals need.
   */
  static EventLoopGroup group(int threads, String prefix) {
    IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(prefix, true), factory);
  }

  /** Returns the client socket channel class matching {@link #group}. */
  static Class<? extends SocketChannel> socketChannel() {
    return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Returns the server socket channel class matching {@link #group}. */
  static Class<? extends ServerChannel> serverChannel() {
    return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
