package dev.switchboard.server;

import dev.switchboard.Application;
import dev.switchboard.Nullable;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.middleware.OriginValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The immutable configuration of a {@link SwitchboardServer}: where it listens, the application
 * it runs, static routes, heartbeats, timeouts and limits. Built by {@link Builder}, which checks
 * every value as it is set.
 */
public final class ServerConfig {
  private final String host;
  private final int port;
  private final Application application;
  private final @Nullable ChannelLayer channelLayer;
  private final List<StaticMount> staticMounts;
  private final Duration pingInterval;
  private final Duration pongTimeout;
  private final Duration handshakeTimeout;
  private final Duration idleTimeout;
  private final int maxMessageSize;
  private final long maxRequestBodySize;
  private final int maxOutboundBuffer;
  private final int maxConnections;
  private final int ioThreads;
  private final Duration shutdownGrace;
  private final MeterRegistry meterRegistry;
  private final Duration requestHeadTimeout;
  private final int maxRequestLine;
  private final int maxHeaderSize;
  private final int maxHeaderCount;
  private final int maxConnectionsPerIp;
  private final boolean limitLoopback;
  private final int messageRate;
  private final int messageBurst;
  private final OriginValidator origins;
  private final @Nullable SslContext tls;

  private ServerConfig(Builder b, Application application) {
    this.host = b.host;
    this.port = b.port;
    this.application = application;
    this.channelLayer = b.channelLayer;
    this.staticMounts = List.copyOf(b.staticMounts);
    this.pingInterval = b.pingInterval;
    this.pongTimeout = b.pongTimeout;
    this.handshakeTimeout = b.handshakeTimeout;
    this.idleTimeout = b.idleTimeout;
    this.maxMessageSize = b.maxMessageSize;
    this.maxRequestBodySize = b.maxRequestBodySize;
    this.maxOutboundBuffer = b.maxOutboundBuffer;
    this.maxConnections = b.maxConnections;
    this.ioThreads = b.ioThreads;
    this.shutdownGrace = b.shutdownGrace;
    this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : new SimpleMeterRegistry();
    this.requestHeadTimeout = b.requestHeadTimeout;
    this.maxRequestLine = b.maxRequestLine;
    this.maxHeaderSize = b.maxHeaderSize;
    this.maxHeaderCount = b.maxHeaderCount;
    this.maxConnectionsPerIp = b.maxConnectionsPerIp;
    this.limitLoopback = b.limitLoopback;
    this.messageRate = b.messageRate;
    this.messageBurst = b.messageBurst;
    this.origins = b.origins;
    this.tls = b.tls;
  }

  /** Returns a builder with the defaults: 127.0.0.1:8000, 25 s pings, 64 KiB messages. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the host or address to bind. */
  public String host() {
    return host;
  }

  /** Returns the port to bind; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** Returns the application every connection runs. */
  public Application application() {
    return application;
  }

  /** Returns the channel layer connections see, or null. */
  public @Nullable ChannelLayer channelLayer() {
    return channelLayer;
  }

  List<StaticMount> staticMounts() {
    return staticMounts;
  }

  /** Returns the interval between server pings on a WebSocket; zero disables pings. */
  public Duration pingInterval() {
    return pingInterval;
  }

  /** Returns how long the server waits for a pong before closing with 1001. */
  public Duration pongTimeout() {
    return pongTimeout;
  }

  /** Returns how long the application has to accept or deny a WebSocket. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Returns how long a connection may read nothing before it is closed; zero disables. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** Returns the largest WebSocket message accepted, after joining fragments, in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Returns the largest HTTP request body accepted, in bytes. */
  public long maxRequestBodySize() {
    return maxRequestBodySize;
  }

  /** Returns how many outbound bytes may wait per connection before it is closed as too slow. */
  public int maxOutboundBuffer() {
    return maxOutboundBuffer;
  }

  /** Returns the most connections open at once; more are answered with HTTP 503. */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * Returns the number of I/O threads (event loops); 0 means one per processor available to the
   * JVM ({@link Runtime#availableProcessors()}, which honours CPU affinity and container limits).
   */
  public int ioThreads() {
    return ioThreads;
  }

  /** Returns how long a graceful stop waits for running handlers. */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /** Returns the registry the server's meters are registered in. */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /**
   * Returns how long a request's head (request line and headers) may take to arrive, counted
   * from its first byte; a slower one is answered 408 and closed.
   */
  public Duration requestHeadTimeout() {
    return requestHeadTimeout;
  }

  /** Returns the longest request line accepted, in bytes; a longer one is answered 414. */
  public int maxRequestLine() {
    return maxRequestLine;
  }

  /** Returns the largest request head (all header lines) accepted, in bytes; else 431. */
  public int maxHeaderSize() {
    return maxHeaderSize;
  }

  /** Returns the most header fields a request may have; more are answered 431. */
  public int maxHeaderCount() {
    return maxHeaderCount;
  }

  /** Returns the most connections open at once from one client address; more get 429. */
  public int maxConnectionsPerIp() {
    return maxConnectionsPerIp;
  }

  /** Returns whether the per-address limit applies to loopback clients too. */
  public boolean limitLoopback() {
    return limitLoopback;
  }

  /** Returns the WebSocket messages per second a connection may send on average; 0 is no limit. */
  public int messageRate() {
    return messageRate;
  }

  /** Returns how many WebSocket messages a connection may send in a burst above the rate. */
  public int messageBurst() {
    return messageBurst;
  }

  /** Returns the check every WebSocket handshake's Origin header passes before the application. */
  public OriginValidator origins() {
    return origins;
  }

  /** Returns whether the server speaks TLS (https and wss) rather than plain http and ws. */
  public boolean tls() {
    return tls != null;
  }

  @Nullable
  SslContext sslContext() {
    return tls;
  }

  /** Builds a {@link ServerConfig}; each setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8000;
    private @Nullable Application application;
    private @Nullable ChannelLayer channelLayer;
    private final List<StaticMount> staticMounts = new ArrayList<>();
    private Duration pingInterval = Duration.ofSeconds(25);
    private Duration pongTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxMessageSize = 64 * 1024;
    private long maxRequestBodySize = 1 << 20;
    private int maxOutboundBuffer = 1 << 20;
    private int maxConnections = 50_000;
    private int ioThreads;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private @Nullable MeterRegistry meterRegistry;
    private Duration requestHeadTimeout = Duration.ofSeconds(10);
    private int maxRequestLine = 8192;
    private int maxHeaderSize = 16384;
    private int maxHeaderCount = 100;
    private int maxConnectionsPerIp = 1000;
    private boolean limitLoopback;
    private int messageRate = 1000;
    private int messageBurst = 1000;
    private OriginValidator origins = OriginValidator.sameHost();
    private @Nullable SslContext tls;

    private Builder() {}

    /** Sets the host or address to bind (default 127.0.0.1). */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /** Sets the port (default 8000); 0 picks a free port, reported by the server. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Sets the application every connection runs; required. */
    public Builder application(Application application) {
      this.application = Objects.requireNonNull(application, "application");
      return this;
    }

    /** Sets the channel layer exposed through {@code Connection.channelLayer()}. */
    public Builder channelLayer(@Nullable ChannelLayer channelLayer) {
      this.channelLayer = channelLayer;
      return this;
    }

    /**
     * Serves the files of {@code directory} under {@code prefix} (GET and HEAD).
     *
     * @param prefix a URL prefix starting and ending with '/', such as {@code "/static/"}
     * @throws IllegalArgumentException if the prefix breaks that rule or the directory is missing
     */
    public Builder staticFiles(String prefix, Path directory) {
      staticMounts.add(StaticMount.directory(prefix, directory));
      return this;
    }

    /**
     * Serves classpath resources below {@code resourceRoot} under {@code prefix}; works from
     * jars. A request for the prefix itself or a folder serves its {@code index.html}.
     *
     * @param prefix a URL prefix starting and ending with '/'
     * @param resourceRoot a classpath folder such as {@code "dev/switchboard/examples/chat/static"}
     */
    public Builder staticResources(String prefix, String resourceRoot) {
      staticMounts.add(StaticMount.resources(prefix, resourceRoot));
      return this;
    }

    /** Sets the interval between WebSocket pings (default 25 s); zero disables pings. */
    public Builder pingInterval(Duration interval) {
      this.pingInterval = notNegative("pingInterval", interval);
      return this;
    }

    /** Sets how long to wait for a pong before closing with 1001 (default 10 s). */
    public Builder pongTimeout(Duration timeout) {
      this.pongTimeout = positive("pongTimeout", timeout);
      return this;
    }

    /** Sets how long the application has to accept or deny a WebSocket (default 10 s). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive("handshakeTimeout", timeout);
      return this;
    }

    /** Sets how long a connection may read nothing before it is closed (default 60 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = notNegative("idleTimeout", timeout);
      return this;
    }

    /** Sets the largest WebSocket message accepted, in bytes (default 64 KiB). */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = positive("maxMessageSize", bytes);
      return this;
    }

    /** Sets the largest HTTP request body accepted, in bytes (default 1 MiB). */
    public Builder maxRequestBodySize(long bytes) {
      this.maxRequestBodySize = positive("maxRequestBodySize", bytes);
      return this;
    }

    /** Sets the outbound bytes that may wait per connection (default 1 MiB). */
    public Builder maxOutboundBuffer(int bytes) {
      this.maxOutboundBuffer = positive("maxOutboundBuffer", bytes);
      return this;
    }

    /** Sets the most connections open at once (default 50,000). */
    public Builder maxConnections(int connections) {
      this.maxConnections = positive("maxConnections", connections);
      return this;
    }

    /**
     * Sets the number of I/O threads (event loops); 0, the default, means one per available
     * processor. Handlers run on virtual threads, not on the event loops, so the loops only move
     * bytes and run non-blocking work: more loops than cores add thread switches and cross-loop
     * hand-offs (a broadcast reaching sockets of another loop costs a task there) without adding
     * capacity.
     */
    public Builder ioThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException(
            "ioThreads must be 0 (one per processor) or more: " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Sets how long a graceful stop waits for running handlers (default 10 s). */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = notNegative("shutdownGrace", grace);
      return this;
    }

    /** Sets the Micrometer registry for the server's meters (default a new simple registry). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * Sets how long a request's head may take from its first byte (default 10 s): a client that
     * trickles a request (slowloris) is answered 408 and closed, however often it sends a byte.
     */
    public Builder requestHeadTimeout(Duration timeout) {
      this.requestHeadTimeout = positive("requestHeadTimeout", timeout);
      return this;
    }

    /** Sets the longest request line accepted, in bytes (default 8 KiB); longer ones get 414. */
    public Builder maxRequestLine(int bytes) {
      this.maxRequestLine = positive("maxRequestLine", bytes);
      return this;
    }

    /** Sets the largest request head accepted, in bytes (default 16 KiB); larger ones get 431. */
    public Builder maxHeaderSize(int bytes) {
      this.maxHeaderSize = positive("maxHeaderSize", bytes);
      return this;
    }

    /** Sets the most header fields a request may have (default 100); more get 431. */
    public Builder maxHeaderCount(int count) {
      this.maxHeaderCount = positive("maxHeaderCount", count);
      return this;
    }

    /**
     * Sets the most connections open at once from one client address (default 1,000); more are
     * answered 429 and closed. Loopback clients are exempt unless {@code limitLoopback} is true,
     * since a reverse proxy on the same host connects from loopback for every client.
     */
    public Builder maxConnectionsPerIp(int connections, boolean limitLoopback) {
      this.maxConnectionsPerIp = positive("maxConnectionsPerIp", connections);
      this.limitLoopback = limitLoopback;
      return this;
    }

    /**
     * Limits the WebSocket messages each connection may send (a token bucket; default 1,000 a
     * second with bursts of 1,000): a connection over it is closed with 1008 and a reason naming
     * the limit. A rate of 0 turns the limit off.
     *
     * @param perSecond the average messages per second, 0 for no limit
     * @param burst the messages that may arrive at once, at least 1 when limited
     */
    public Builder messageRate(int perSecond, int burst) {
      if (perSecond < 0) {
        throw new IllegalArgumentException("messageRate perSecond must be 0 (no limit) or more: " + perSecond);
      }
      if (perSecond > 0 && burst < 1) {
        throw new IllegalArgumentException("messageRate burst must be at least 1: " + burst);
      }
      this.messageRate = perSecond;
      this.messageBurst = burst;
      return this;
    }

    /**
     * Sets the origins whose pages may open WebSockets, checked before the application sees the
     * handshake (refused with 403). The default allows only the server's own origin (scheme, host
     * and port of the request) and clients that send no Origin; {@code "*"} allows every origin.
     * Entries take the forms of {@link OriginValidator#allowing}.
     */
    public Builder allowedOrigins(String... entries) {
      this.origins = OriginValidator.allowing(entries);
      return this;
    }

    /**
     * Serves https and wss with the certificate chain and private key in these PEM files (the
     * server's certificate first; the key in PKCS#8, {@code BEGIN PRIVATE KEY}), TLS 1.2 and 1.3
     * with the JDK's engine. The files are read now.
     *
     * @throws IllegalArgumentException naming the file if it is missing or not such PEM
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
      this.tls = TlsFiles.context(certificateChain, privateKey);
      return this;
    }

    /** Sets the origin check applied to every WebSocket handshake (default same origin). */
    public Builder origins(OriginValidator validator) {
      this.origins = Objects.requireNonNull(validator, "origins");
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalStateException if no application was set, or the idle timeout is not
     *     longer than the ping interval
     */
    public ServerConfig build() {
      if (application == null) {
        throw new IllegalStateException("application must be set: call application(app)");
      }
      if (!idleTimeout.isZero() && !pingInterval.isZero() && pingInterval.compareTo(idleTimeout) >= 0) {
        throw new IllegalStateException(
            "idleTimeout (" + idleTimeout + ") must be longer than pingInterval (" + pingInterval
                + "), or idle WebSockets are closed before a ping keeps them open;"
                + " set idleTimeout to zero to disable it");
      }
      return new ServerConfig(this, application);
    }

    private static Duration notNegative(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must be zero or positive: " + d);
      }
      return d;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }

    private static long positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
