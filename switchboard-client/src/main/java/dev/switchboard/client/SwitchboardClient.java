package dev.switchboard.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connector conn;
  private final Outbox outbox;
  private final Inbox inbox;

  SwitchboardClient(ClientBuilder cfg) {
    this.conn = new Connector(cfg);
    this.outbox = conn.outbox;
    this.inbox = conn.inbox;
  }

  /** Starts configuring a client for {@code uri} ({@code ws://} or {@code wss://}). */
  public static ClientBuilder builder(URI uri) {
    return new ClientBuilder(uri);
  }

  /** Returns the URI the client connects to, without any token. */
  public URI uri() {
    return conn.uri();
  }

  /**
   * Starts connecting; later calls return the same outcome. The future completes when the first
   * connection opens; with reconnect on, failed attempts are retried until it does (bound the
   * wait with {@code orTimeout}). It fails if the server refuses the handshake ({@link
   * HandshakeRejectedException}), if reconnect is off and the attempt fails, or on {@code close}.
   */
  public CompletableFuture<Void> connectAsync() {
    return conn.start();
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
      throw new IllegalArgumentException("received text is not JSON: " + Connector.abbreviate(text), e);
    }
  }

  /** Returns where the client is in its life. */
  public ClientState state() {
    return conn.state();
  }

  /** Returns how many connections have opened so far (1 after the first, 2 after a reconnect). */
  public int connections() {
    return conn.connections();
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
    conn.close();
  }

  private void checkReceiving() {
    if (conn.handsTextsToHandler()) {
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
}
