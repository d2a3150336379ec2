package dev.switchboard.server;

import dev.switchboard.Scope;
import dev.switchboard.internal.ConnectionRunner;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection of one server shares: the configuration, the meters, the static files,
 * the open channels and the running connection handlers. Thread-safe.
 */
final class ServerContext {
  /** The event fired through every pipeline when the server starts a graceful stop. */
  static final Object SHUTDOWN = new Object() {
    @Override
    public String toString() {
      return "SHUTDOWN";
    }
  };

  final ServerConfig config;
  final ServerMetrics metrics;
  final StaticFiles staticFiles;
  final WebSocketDecoderConfig decoderConfig;
  final MessageRate messageRate;
  /**
   * The open connections (not the rejected ones). Added by the initializer, removed by its close
   * listener: a Netty ChannelGroup would put a second listener on every channel's close future.
   */
  final Set<Channel> channels = ConcurrentHashMap.newKeySet();
  private final Set<ConnectionRunner> runners = ConcurrentHashMap.newKeySet();
  private final Map<EventLoop, HeartbeatSweep> heartbeats = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  ServerContext(ServerConfig config) {
    this.config = config;
    this.metrics = new ServerMetrics(config.meterRegistry());
    if (config.channelLayer() != null) {
      LayerMetrics.bind(config.meterRegistry(), config.channelLayer());
    }
    this.staticFiles = new StaticFiles(config.staticMounts());
    this.decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(config.maxMessageSize())
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .closeOnProtocolViolation(false) // WebSocketSession answers with the right close code
            .withUTF8Validator(true)
            .build();
    this.messageRate = new MessageRate(config.messageRate(), config.messageBurst());
  }

  /**
   * Creates the runner of one connection and tracks it until it has handled its terminal event,
   * so a graceful stop can wait for it.
   */
  ConnectionRunner newRunner(Scope scope, ConnectionRunner.Transport transport) {
    ConnectionRunner runner = newLongLivedRunner(scope, transport);
    untrackWhenFinished(runner);
    return runner;
  }

  /**
   * Creates the runner of a long-lived connection (a WebSocket) and tracks it until {@link
   * #untrackWhenFinished} is called and the runner has finished. Watching the runner's end only
   * once its terminal event is on the way saves an open socket the completion callback.
   */
  ConnectionRunner newLongLivedRunner(Scope scope, ConnectionRunner.Transport transport) {
    ConnectionRunner runner =
        new ConnectionRunner(scope, config.application(), config.channelLayer(), transport);
    runners.add(runner);
    return runner;
  }

  /** Stops tracking {@code runner} once it has handled its terminal event. */
  void untrackWhenFinished(ConnectionRunner runner) {
    runner.finished().whenComplete((v, e) -> runners.remove(runner));
  }

  /** Returns the heartbeat sweep of {@code loop}; only when pings are configured. */
  HeartbeatSweep heartbeats(EventLoop loop) {
    return heartbeats.computeIfAbsent(
        loop, l -> new HeartbeatSweep(l, config.pingInterval(), config.pongTimeout()));
  }

  /** Returns a future completing when every runner alive now has finished. */
  CompletableFuture<Void> runnersFinished() {
    List<CompletableFuture<Void>> all = runners.stream().map(ConnectionRunner::finished).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /** Returns how many connection handlers are still running. */
  int runningHandlers() {
    return runners.size();
  }

  /** Marks the server as stopping: new requests on open connections are refused. */
  void stopping() {
    stopping = true;
  }

  /** Returns whether a graceful stop has begun. */
  boolean isStopping() {
    return stopping;
  }
}
