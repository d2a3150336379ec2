package dev.switchboard.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket client for a Switchboard server, made for bots and server-to-server use: it
 * reconnects after a lost connection with exponential backoff and full jitter, pings to find
 * dead connections, presents a token in the handshake, and keeps sends made while disconnected
 * in a bounded queue that it writes, in order, once connected again.
 *
 * <pre>{@code
 * try (SwitchboardClient client = SwitchboardClient.builder(URI.create("ws://127.0.0.1:8000/ws/chat/lobby/"))
 *     .token(System.getenv("CHAT_TOKEN")).build()) {
 *   client.connect(Duration.ofSeconds(10));
 *   client.sendJson(Map.of("message", "hello"));
 *   JsonNode reply = client.receiveJson(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Every blocking method has a {@code CompletableFuture} twin ending in {@code Async}. The
 * transport is the JDK's {@link java.net.http.WebSocket}. Thread-safe. A send's future completes
 * when the frame is written to the socket, not when the server has handled it; a write cut off by
 * a lost connection is made again on the next one, so the server may, rarely, see it twice.
 */
public final class SwitchboardClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwitchboardClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A connection that lived this long starts the backoff again from its first step. */
  private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ClientBuilder cfg;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private final Outbox outbox;
  private final Inbox inbox;
  private final Consumer<String> onText;
  private final CompletableFuture<Void> firstOpen = new CompletableFuture<>();
  private ClientState state = ClientState.NEW;
  private Link current;
  private int attempt;
  private int opens;

  SwitchboardClient(ClientBuilder cfg) {
    this.cfg = cfg;
    this.onText = cfg.onText;
    this.http = HttpClient.newBuilder().connectTimeout(cfg.connectTimeout).build();
    this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("switchboard-client-timer").factory());
    this.outbox = new Outbox(cfg.sendQueueLimit, (ws, error) -> writeFailed(ws, error));
    this.inbox = new Inbox(cfg.receiveBuffer, this::requestMore);
  }

  /** Starts configuring a client for {@code uri} ({@code ws://} or {@code wss://}). */
  public static ClientBuilder builder(URI uri) {
    return new ClientBuilder(uri);
  }

  /** Returns the URI the client connects to, without any token. */
  public URI uri() {
    return cfg.uri;
  }

  /**
   * Starts connecting; later calls return the same outcome. The future completes when the first
   * connection opens; with reconnect on, failed attempts are retried until it does (bound the
   * wait with {@code orTimeout}). It fails if the server refuses the handshake ({@link
   * HandshakeRejectedException}), if reconnect is off and the attempt fails, or on {@code close}.
   */
  public CompletableFuture<Void> connectAsync() {
    boolean start;
    synchronized (this) {
      start = state == ClientState.NEW;
      if (start) {
        state = ClientState.CONNECTING;
      }
    }
    if (start) {
      attempt();
    }
    return firstOpen.copy();
  }

  /**
   * Connects and waits for the first connection to open.
   *
   * @throws TimeoutException if it did not open within {@code timeout} (the client keeps trying
   *     in the background until closed)
   * @throws HandshakeRejectedException if the server refused the handshake
   */
  public void connect(Duration timeout) throws InterruptedException, TimeoutException {
    await(connectAsync(), timeout);
  }

  /**
   * Queues {@code text} to be sent; the future completes when it is written to the socket. It
   * fails at once with {@link SendQueueFullException} if {@code sendQueueLimit} messages already
   * wait, and with {@link ClientClosedException} once the client is closed.
   */
  public CompletableFuture<Void> sendAsync(String text) {
    java.util.Objects.requireNonNull(text, "text");
    return outbox.offer(text);
  }

  /** Sends {@code text} and waits until it is written (across reconnects if need be). */
  public void send(String text) throws InterruptedException {
    join(sendAsync(text));
  }

  /** Sends {@code value} encoded as JSON by Jackson; see {@link #sendAsync}. */
  public CompletableFuture<Void> sendJsonAsync(Object value) {
    try {
      return sendAsync(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be encoded as JSON: " + e.getMessage(), e);
    }
  }

  /** Sends {@code value} as JSON and waits until it is written. */
  public void sendJson(Object value) throws InterruptedException {
    join(sendJsonAsync(value));
  }

  /**
   * Returns the next received text, waiting at most {@code timeout}; null if none came.
   *
   * @throws IllegalStateException if the client was built with {@code onText}
   * @throws ClientClosedException if the client is closed and nothing is left to take
   */
  public String receive(Duration timeout) throws InterruptedException {
    checkReceiving();
    return inbox.poll(timeout.toNanos());
  }

  /** Returns a future of the next received text. */
  public CompletableFuture<String> receiveAsync() {
    checkReceiving();
    return inbox.next();
  }

  /**
   * Returns the next received text parsed as JSON, or null if none came within {@code timeout}.
   *
   * @throws IllegalArgumentException if the text is not JSON (the text is in the message)
   */
  public JsonNode receiveJson(Duration timeout) throws InterruptedException {
    String text = receive(timeout);
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("received text is not JSON: " + abbreviate(text), e);
    }
  }

  /** Returns where the client is in its life. */
  public synchronized ClientState state() {
    return state;
  }

  /** Returns how many connections have opened so far (1 after the first, 2 after a reconnect). */
  public synchronized int connections() {
    return opens;
  }

  /** Returns how many sends wait in the queue or are being written. */
  public int queuedSends() {
    return outbox.size();
  }

  /**
   * Stops for good: closes the connection with 1000, fails queued sends and waiting receives
   * with {@link ClientClosedException}. Idempotent.
   */
  @Override
  public void close() {
    WebSocket ws;
    synchronized (this) {
      ws = current == null ? null : current.socket;
    }
    if (ws != null) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        log.debug("client[{}] close frame not sent: {}", cfg.uri, e.toString());
      }
    }
    stop("closed by its owner", null);
    timer.shutdownNow();
  }

  // ---- the connection lifecycle, run on the timer and the JDK's WebSocket threads ----

  private void attempt() {
    Link link = new Link(this);
    synchronized (this) {
      if (state == ClientState.CLOSED) {
        return;
      }
      current = link;
    }
    URI target;
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(cfg.connectTimeout);
    try {
      target = cfg.auth == null ? cfg.uri : cfg.auth.apply(cfg.uri);
      if (cfg.auth != null && !cfg.auth.header().isEmpty()) {
        b.header(cfg.auth.header().get(0), cfg.auth.header().get(1));
      }
      List<String> protocols = cfg.auth == null ? List.of() : cfg.auth.subprotocols();
      if (!protocols.isEmpty()) {
        b.subprotocols(protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
      }
    } catch (RuntimeException e) {
      lost(link, "no token for the handshake: " + e.getMessage());
      return;
    }
    b.buildAsync(target, link).whenComplete((ws, error) -> {
      if (error != null) {
        failed(link, error instanceof CompletionException && error.getCause() != null
            ? error.getCause() : error);
      } else {
        opened(link, ws);
      }
    });
  }

  private void opened(Link link, WebSocket ws) {
    boolean reconnect;
    synchronized (this) {
      if (current != link || state == ClientState.CLOSED) {
        ws.abort();
        return;
      }
      link.socket = ws;
      state = ClientState.OPEN;
      reconnect = opens++ > 0;
      link.startHeartbeat(timer, cfg.heartbeatInterval, cfg.heartbeatTimeout);
    }
    outbox.attach(ws);
    log.debug("client[{}] open (connection {})", cfg.uri, opens);
    firstOpen.complete(null);
    cfg.listener.onOpen(reconnect);
  }

  private void failed(Link link, Throwable error) {
    if (error instanceof WebSocketHandshakeException h) {
      int status = h.getResponse().statusCode();
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        stop("handshake refused with HTTP " + status, new HandshakeRejectedException(status, cfg.uri.toString()));
        return;
      }
      lost(link, "handshake answered with HTTP " + status);
      return;
    }
    lost(link, "cannot connect: " + describe(error));
  }

  /** An error in words: what the JDK's bare exceptions mean, else the first message found. */
  private static String describe(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof java.net.http.HttpConnectTimeoutException) {
        return "connect timed out";
      }
      if (e instanceof java.net.ConnectException && e.getMessage() == null) {
        return "connection refused"; // the JDK's HttpClient leaves it without a message
      }
      if (e.getMessage() != null) {
        return e.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  /** Called once per link when its socket ends or its attempt fails; stale links are ignored. */
  void lost(Link link, String reason) {
    Duration delay;
    synchronized (this) {
      if (current != link || state == ClientState.CLOSED) {
        return;
      }
      current = null;
      if (link.socket != null) {
        outbox.detach(link.socket);
      }
      link.end();
      if (!cfg.reconnect) {
        delay = null;
      } else {
        if (link.openedAt != 0 && System.nanoTime() - link.openedAt > STABLE_NANOS) {
          attempt = 0;
        }
        delay = cfg.backoff.delay(Math.min(attempt++, 62), ThreadLocalRandom.current());
        state = state == ClientState.CONNECTING ? ClientState.CONNECTING : ClientState.RECONNECTING;
        timer.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    if (delay == null) {
      stop(reason + " (reconnect is off)", null);
      return;
    }
    log.debug("client[{}] {}; next attempt in {} ms", cfg.uri, reason, delay.toMillis());
    cfg.listener.onDisconnected(reason, delay);
  }

  private void stop(String reason, Throwable cause) {
    Link link;
    synchronized (this) {
      if (state == ClientState.CLOSED) {
        return;
      }
      state = ClientState.CLOSED;
      link = current;
      current = null;
    }
    if (link != null) {
      link.end();
    }
    outbox.close(reason);
    inbox.close(reason);
    firstOpen.completeExceptionally(cause != null ? cause : new ClientClosedException(reason));
    cfg.listener.onClosed(reason);
  }

  /** A write failed: the socket is broken; end it so the reader reports it and we reconnect. */
  private void writeFailed(WebSocket ws, Throwable error) {
    Link link;
    synchronized (this) {
      link = current;
    }
    if (link != null && link.socket == ws) {
      lost(link, "send failed: " + error);
    }
  }

  /** Hands a received text to the handler or the inbox; returns whether to read on. */
  boolean deliver(String text) {
    if (onText == null) {
      return inbox.add(text);
    }
    try {
      onText.accept(text);
    } catch (RuntimeException e) {
      log.error("client[{}] onText handler failed on {}", cfg.uri, abbreviate(text), e);
    }
    return true;
  }

  private void requestMore() {
    Link link;
    synchronized (this) {
      link = current;
    }
    WebSocket ws = link == null ? null : link.socket;
    if (ws != null) {
      ws.request(1);
    }
  }

  private void checkReceiving() {
    if (onText != null) {
      throw new IllegalStateException("this client hands texts to its onText handler; receive"
          + " is for clients built without one");
    }
  }

  private static void join(CompletableFuture<Void> f) throws InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  private static void await(CompletableFuture<Void> f, Duration timeout)
      throws InterruptedException, TimeoutException {
    try {
      f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    }
  }

  private static RuntimeException rethrown(Throwable cause) {
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
