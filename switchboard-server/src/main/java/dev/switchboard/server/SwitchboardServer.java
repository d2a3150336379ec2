package dev.switchboard.server;

import dev.switchboard.Nullable;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty HTTP/1.1 and WebSocket server that runs a Switchboard {@link
 * dev.switchboard.Application}: one connection handler per WebSocket and per HTTP request, static
 * files, heartbeats, limits and Micrometer meters.
 *
 * <pre>{@code
 * SwitchboardServer server = SwitchboardServer.create(cfg -> cfg.port(0).application(app)).start();
 * int port = server.port();
 * server.close(); // graceful: WebSockets get 1001, running handlers may finish
 * }</pre>
 *
 * <p>Thread-safe. The lifecycle is one-way: created, started, stopped.
 */
public final class SwitchboardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);

  private final ServerContext context;
  private @Nullable EventLoopGroup boss;
  private @Nullable EventLoopGroup workers;
  private @Nullable Channel serverChannel;
  private volatile int port = -1;
  private @Nullable CompletableFuture<Void> stopped;

  private SwitchboardServer(ServerConfig config) {
    this.context = new ServerContext(config);
  }

  /**
   * Returns a server configured by {@code configure}, not yet started.
   *
   * @throws IllegalArgumentException if a setting breaks its rule
   * @throws IllegalStateException if no application was set
   */
  public static SwitchboardServer create(Consumer<ServerConfig.Builder> configure) {
    ServerConfig.Builder b = ServerConfig.builder();
    configure.accept(b);
    return new SwitchboardServer(b.build());
  }

  /** Returns a server with the given configuration, not yet started. */
  public static SwitchboardServer create(ServerConfig config) {
    return new SwitchboardServer(Objects.requireNonNull(config, "config"));
  }

  /**
   * Binds the port and starts accepting connections.
   *
   * @return this server
   * @throws IllegalStateException if the server was started or stopped before, or the address
   *     cannot be bound (for example the port is taken)
   */
  public synchronized SwitchboardServer start() {
    if (boss != null || context.isStopping()) {
      throw new IllegalStateException("server already started or stopped; a server starts once");
    }
    ServerConfig c = context.config;
    Transports transport = Transports.best();
    if (transport == Transports.NIO) {
      log.info("server using the NIO transport (epoll unavailable: {})", Transports.whyNotEpoll());
    } else {
      log.info("server using the epoll transport");
    }
    boss = transport.newGroup(1, "switchboard-accept");
    int ioThreads = c.ioThreads() > 0 ? c.ioThreads() : Runtime.getRuntime().availableProcessors();
    workers = transport.newGroup(ioThreads, "switchboard-io");
    int high = c.maxOutboundBuffer();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
            .childHandler(new ServerInitializer(context));
    try {
      serverChannel = bootstrap.bind(c.host(), c.port()).syncUninterruptibly().channel();
    } catch (Exception e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("cannot bind " + c.host() + ":" + c.port() + ": " + e, e);
    }
    port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    log.info("server listening on {}:{}", c.host(), port);
    return this;
  }

  /**
   * Returns the bound port (the chosen one when configured with port 0).
   *
   * @throws IllegalStateException if the server was not started
   */
  public int port() {
    int p = port;
    if (p < 0) {
      throw new IllegalStateException("server not started: call start() first");
    }
    return p;
  }

  /**
   * Stops gracefully: stops accepting, closes every WebSocket with 1001 "server shutting down",
   * tells every application its connection ended, waits up to the shutdown grace for running
   * handlers, then closes what is left and stops the I/O threads. Never blocks the caller.
   *
   * @return completes when the server has stopped; the same future on every call
   */
  public synchronized CompletableFuture<Void> stop() {
    if (stopped == null) {
      stopped = new CompletableFuture<>();
      CompletableFuture<Void> done = stopped;
      Thread.ofPlatform().name("switchboard-stop").daemon().start(() -> {
        try {
          shutdown();
          done.complete(null);
        } catch (Throwable e) {
          done.completeExceptionally(e);
        }
      });
    }
    return stopped;
  }

  private void shutdown() {
    context.stopping();
    if (serverChannel == null) {
      return; // never started
    }
    serverChannel.close().syncUninterruptibly();
    for (Channel ch : context.channels) {
      ch.pipeline().fireUserEventTriggered(ServerContext.SHUTDOWN);
    }
    long grace = context.config.shutdownGrace().toMillis();
    try {
      context.runnersFinished().get(grace, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("server stop: {} handlers still running after {} ms; closing their connections",
          context.runningHandlers(), grace);
    } catch (Exception e) {
      log.warn("server stop: waiting for handlers failed", e);
    }
    closeAll(grace + 1000);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    log.info("server on port {} stopped", port);
  }

  /** Closes every connection still open and waits, at most {@code millis} in all. */
  private void closeAll(long millis) {
    List<ChannelFuture> closing = new ArrayList<>();
    for (Channel ch : context.channels) {
      closing.add(ch.close());
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (ChannelFuture f : closing) {
      f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  /** Stops gracefully and waits until the server has stopped; see {@link #stop()}. */
  @Override
  public void close() {
    stop().join();
  }

  /** Returns the number of open connections (HTTP and WebSocket). */
  public int connectionCount() {
    return context.channels.size();
  }

  /** Returns the registry holding the server's meters. */
  public MeterRegistry meterRegistry() {
    return context.config.meterRegistry();
  }

  /** Returns the server's configuration. */
  public ServerConfig config() {
    return context.config;
  }
}
