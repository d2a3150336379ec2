package dev.switchboard.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configures a {@link SwitchboardClient}. Every setter checks its argument and names the rule it
 * breaks. Defaults: reconnect on with {@link Backoff#DEFAULT}, a heartbeat ping every 20 s with
 * the connection declared dead after 10 s more of silence, a 10 s connect timeout, at most 1,000
 * queued sends and 1,000 unreceived texts.
 */
public final class ClientBuilder {
  final URI uri;
  TokenAuth auth;
  Backoff backoff = Backoff.DEFAULT;
  boolean reconnect = true;
  Duration heartbeatInterval = Duration.ofSeconds(20);
  Duration heartbeatTimeout = Duration.ofSeconds(10);
  Duration connectTimeout = Duration.ofSeconds(10);
  int sendQueueLimit = 1000;
  int receiveBuffer = 1000;
  ClientListener listener = new ClientListener() {};
  Consumer<String> onText;

  ClientBuilder(URI uri) {
    Objects.requireNonNull(uri, "uri");
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("uri must start with ws:// or wss://: " + uri);
    }
    this.uri = uri;
  }

  /** Sends {@code token} as the query parameter {@code token} on every connection. */
  public ClientBuilder token(String token) {
    Objects.requireNonNull(token, "token");
    return auth(TokenAuth.query("token", () -> token));
  }

  /** Sends a token, asked anew on every connection, the way {@code auth} says. */
  public ClientBuilder auth(TokenAuth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
    return this;
  }

  /** Sets the delays between reconnect attempts. */
  public ClientBuilder backoff(Backoff backoff) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    return this;
  }

  /** Whether to reconnect after a lost connection (default true). */
  public ClientBuilder reconnect(boolean reconnect) {
    this.reconnect = reconnect;
    return this;
  }

  /**
   * Pings the server every {@code interval}; a connection silent for {@code interval + timeout}
   * (no pong, ping or message) is dropped and reconnected. {@link Duration#ZERO} turns it off.
   */
  public ClientBuilder heartbeat(Duration interval, Duration timeout) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || timeout.isNegative() || timeout.isZero() && !interval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be 0 (off) or more, and its"
          + " timeout more than 0: " + interval + ", " + timeout);
    }
    this.heartbeatInterval = interval;
    this.heartbeatTimeout = timeout;
    return this;
  }

  /** How long one connection attempt may take. */
  public ClientBuilder connectTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be more than zero: " + timeout);
    }
    this.connectTimeout = timeout;
    return this;
  }

  /**
   * How many sends may wait (while reconnecting, or behind a slow socket) before {@code send}
   * fails with {@link SendQueueFullException}.
   */
  public ClientBuilder sendQueueLimit(int limit) {
    this.sendQueueLimit = positive("sendQueueLimit", limit);
    return this;
  }

  /**
   * How many received texts may wait for {@code receive}; beyond it the client stops reading
   * the socket until some are taken (back-pressure, nothing is dropped).
   */
  public ClientBuilder receiveBuffer(int texts) {
    this.receiveBuffer = positive("receiveBuffer", texts);
    return this;
  }

  /** Hears connection events. */
  public ClientBuilder listener(ClientListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Hands every received text to {@code handler}, in order, on the client's reader thread,
   * instead of keeping it for {@code receive}. A handler that throws is logged; reading goes on.
   */
  public ClientBuilder onText(Consumer<String> handler) {
    this.onText = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** Builds the client, not yet connected: call {@code connect} or {@code connectAsync}. */
  public SwitchboardClient build() {
    return new SwitchboardClient(this);
  }

  private static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
    return value;
  }
}
