package dev.switchboard.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The raw-Netty baseline: a minimal server for the chat protocol with no framework, written the
 * fast way, against which every Switchboard figure is reported as a ratio.
 *
 * <p>Protocol: a WebSocket at {@code /ws/chat/{room}/}; the client sends {@code {"message": s}}
 * and every socket of the room, the sender included, receives {@code {"message": s}}. Native
 * epoll, pooled buffers, rooms as per-event-loop member arrays, one encoded frame per broadcast
 * written to every member as a retained duplicate, flushes consolidated per socket.
 *
 * <pre>{@code java -cp ... dev.switchboard.bench.BaselineServer --port 8001}</pre>
 *
 * <p>Prints {@code baseline listening on HOST:PORT} once bound; stops on SIGTERM or Ctrl-C.
 */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = "Raw-Netty chat server: the benchmark baseline.")
public final class BaselineServer implements AutoCloseable, Callable<Integer> {
  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "Port, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port = 8001;

  @Option(
      names = "--threads",
      description = "I/O threads, 0 for one per available core (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel server;

  /** Creates an unstarted server; configure it through {@link #start(String, int, int)}. */
  public BaselineServer() {}

  /** Runs the server from the command line until the JVM is stopped. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BaselineServer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    start(host, port, threads);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  stopped.countDown();
                },
                "baseline-shutdown"));
    System.out.println("baseline listening on " + host + ":" + port());
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Binds and starts serving.
   *
   * @param host the address to bind
   * @param port the port, 0 for an ephemeral one (see {@link #port()})
   * @param threads I/O threads, 0 for one per available core
   * @return this server
   * @throws IllegalArgumentException if {@code port} is not 0-65535 or {@code threads} negative
   */
  public BaselineServer start(String host, int port, int threads) throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535: " + port);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (one per core) or more: " + threads);
    }
    if (server != null) {
      throw new IllegalStateException("server already started on port " + port());
    }
    int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    boss = Transports.group(1, "baseline-accept");
    workers = Transports.group(n, "baseline-io");
    ConcurrentMap<String, BaselineRoom> rooms = BaselineChatHandler.newRoomTable();
    WebSocketServerProtocolConfig ws =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws/chat") // with checkStartsWith: "/ws/chat" then '/' or '?'
            .checkStartsWith(true)
            .maxFramePayloadLength(65536)
            .handshakeTimeoutMillis(10_000)
            .allowExtensions(false)
            .build();
    server =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(Transports.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 8192)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    // 1. batch flushes: several broadcasts reaching a socket in one event-loop
                    //    turn leave in one write syscall
                    p.addLast(new FlushConsolidationHandler(256, true));
                    // 2. HTTP for the handshake (replaced by the WebSocket codec after it)
                    p.addLast(new HttpServerCodec());
                    p.addLast(new HttpObjectAggregator(8192));
                    // 3. path and origin check; records the room
                    p.addLast(new BaselineHandshakeGuard());
                    // 4. handshake, ping/pong, close frames, frame codec
                    p.addLast(new WebSocketServerProtocolHandler(ws));
                    // 5. rooms and broadcast
                    p.addLast(new BaselineChatHandler(rooms));
                  }
                })
            .bind(host, port)
            .sync()
            .channel();
    return this;
  }

  /** Returns the bound port. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("server not started");
    }
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Closes the listening socket and every connection; waits up to 5 s. Idempotent. */
  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
