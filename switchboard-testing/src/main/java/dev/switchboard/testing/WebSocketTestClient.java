package dev.switchboard.testing;

import dev.switchboard.Nullable;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client for tests, built on Netty: it records what the server sends (messages into
 * a queue, pings, the close) so tests assert with timeouts instead of sleeping. Clients share
 * one event loop group, so a test can hold thousands of them.
 *
 * <pre>{@code
 * try (WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/echo"))) {
 *   ws.sendText("hi");
 *   assertThat(ws.receiveText(Duration.ofSeconds(5))).isEqualTo("hi");
 * }
 * }</pre>
 *
 * <p>Sending methods wait until the frame is written and fail if it cannot be. Thread-safe.
 */
public final class WebSocketTestClient implements AutoCloseable {
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * How a WebSocket closed: the code and reason of the server's close frame, or 1006 and "" when
   * the connection dropped without one.
   */
  public record CloseStatus(int code, String reason) {}

  private final Channel channel;
  private final ClientHandler handler;
  private final ClientHandler.Handshake handshake;

  private WebSocketTestClient(Channel channel, ClientHandler handler, ClientHandler.Handshake hs) {
    this.channel = channel;
    this.handler = handler;
    this.handshake = hs;
  }

  /** Connects with default settings and waits for the handshake; see {@link Builder#connect()}. */
  public static WebSocketTestClient connect(URI uri) {
    return builder(uri).connect();
  }

  /** Returns a builder for a client of {@code uri} ("ws://host:port/path"). */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** Returns the handshake's HTTP status: 101 when accepted, else the refusal (403, 503...). */
  public int handshakeStatus() {
    return handshake.status();
  }

  /** Returns whether the server accepted the WebSocket. */
  public boolean accepted() {
    return handshake.status() == 101;
  }

  /** Returns a header of the handshake response, or null. */
  public @Nullable String handshakeHeader(String name) {
    return handshake.headers().get(name);
  }

  /** Returns the subprotocol the server chose, or null. */
  public @Nullable String subprotocol() {
    return handshake.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
  }

  /** Returns whether the connection is open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  /** Sends a text message and waits until it is written. */
  public void sendText(String text) {
    write(new TextWebSocketFrame(text));
  }

  /** Sends a binary message and waits until it is written. */
  public void sendBinary(byte[] bytes) {
    write(new BinaryWebSocketFrame(Unpooled.copiedBuffer(bytes)));
  }

  /** Sends one text message split into frames, one per part (a text frame, then continuations). */
  public void sendFragmented(String... parts) {
    byte[][] bytes = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
    }
    sendTextBytes(bytes);
  }

  /**
   * Sends one text message of raw bytes, one frame per part (a text frame, then continuations),
   * without checking that they are UTF-8: for testing how a server treats invalid text or a
   * character split between frames.
   */
  public void sendTextBytes(byte[]... parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("parts must not be empty");
    }
    if (!accepted()) {
      throw new IllegalStateException("WebSocket not open: handshake answered " + handshake.status());
    }
    for (int i = 0; i < parts.length; i++) {
      boolean fin = i == parts.length - 1;
      var data = Unpooled.copiedBuffer(parts[i]);
      WebSocketFrame f =
          i == 0 ? new TextWebSocketFrame(fin, 0, data) : new ContinuationWebSocketFrame(fin, 0, data);
      if (fin) {
        await(channel.writeAndFlush(f), "fragmented message");
      } else {
        channel.write(f);
      }
    }
  }

  /** Sends a ping; the server's pong is counted by {@link #pongsReceived()}. */
  public void ping() {
    ping(new byte[] {1, 2, 3, 4});
  }

  /**
   * Sends a ping carrying {@code payload} (at most 125 bytes, as RFC 6455 allows for control
   * frames) and waits until it is written.
   */
  public void ping(byte[] payload) {
    write(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
  }

  /**
   * Sends a ping carrying {@code payload} and waits until it is written; returns {@code false},
   * instead of failing, when the connection is closed or the write fails, so a flood can stop at
   * the first failure.
   */
  public boolean tryPing(byte[] payload) {
    if (!channel.isActive()) {
      return false;
    }
    return channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)))
        .awaitUninterruptibly()
        .isSuccess();
  }

  /** Sends a close frame; {@link #awaitClose} then returns the server's answer. */
  public void close(int code, String reason) {
    handler.closeSent = true;
    write(new CloseWebSocketFrame(code, reason));
  }

  /** Drops the TCP connection without a close frame (the server sees 1006). */
  public void abort() {
    channel.close().awaitUninterruptibly(WRITE_TIMEOUT.toMillis());
  }

  /** Starts reading again after {@link Builder#readPaused(boolean)}. */
  public void resumeReading() {
    channel.config().setAutoRead(true);
  }

  /**
   * Returns the next text message, waiting up to {@code timeout}.
   *
   * @throws AssertionError "timed out waiting for a text message ..." or if the connection closed
   *     or a binary message came instead
   */
  public String receiveText(Duration timeout) {
    Object m = handler.next(timeout, "a text message");
    if (m instanceof String s) {
      return s;
    }
    throw new AssertionError("expected a text message but received " + ClientHandler.describe(m));
  }

  /** Returns the next binary message, waiting up to {@code timeout}; see {@link #receiveText}. */
  public byte[] receiveBinary(Duration timeout) {
    Object m = handler.next(timeout, "a binary message");
    if (m instanceof byte[] b) {
      return b;
    }
    throw new AssertionError("expected a binary message but received " + ClientHandler.describe(m));
  }

  /**
   * Waits {@code duration} and fails if a message arrives meanwhile. A close is not a message.
   *
   * @throws AssertionError naming the unexpected message
   */
  public void receiveNothing(Duration duration) {
    handler.expectNothing(duration);
  }

  /**
   * Waits for the connection to close and returns how it closed.
   *
   * @throws AssertionError "timed out waiting for the connection to close ..."
   */
  public CloseStatus awaitClose(Duration timeout) {
    try {
      CloseStatus status = handler.closed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
      return status;
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for the connection to close within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for the connection to close", e);
    } catch (ExecutionException e) {
      throw new AssertionError("close failed", e.getCause());
    }
  }

  /** Returns how many pings the server sent. */
  public int pingsReceived() {
    return handler.pings.get();
  }

  /** Returns how many pongs the server sent. */
  public int pongsReceived() {
    return handler.pongs.get();
  }

  /** Sends close 1000 if the connection is open, and drops the connection. */
  @Override
  public void close() {
    if (channel.isActive() && accepted() && !handler.closeSent) {
      handler.closeSent = true;
      channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).awaitUninterruptibly(1000);
    }
    channel.close().awaitUninterruptibly(WRITE_TIMEOUT.toMillis());
  }

  private void write(WebSocketFrame frame) {
    if (!accepted()) {
      frame.release();
      throw new IllegalStateException("WebSocket not open: handshake answered " + handshake.status());
    }
    await(channel.writeAndFlush(frame), frame.getClass().getSimpleName());
  }

  private static void await(ChannelFuture f, String what) {
    if (!f.awaitUninterruptibly(WRITE_TIMEOUT.toMillis())) {
      throw new AssertionError("timed out writing " + what);
    }
    if (!f.isSuccess()) {
      throw new IllegalStateException("writing " + what + " failed: " + f.cause(), f.cause());
    }
  }

  /** Configures and opens a {@link WebSocketTestClient}. */
  public static final class Builder {
    private final URI uri;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final List<String> subprotocols = new ArrayList<>();
    private boolean autoPong = true;
    private boolean readPaused;
    private int maxFrameSize = 16 << 20;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
      if (!"ws".equals(uri.getScheme())) {
        throw new IllegalArgumentException("uri must use the ws scheme: " + uri);
      }
    }

    /** Adds a handshake request header, such as Origin. */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** Offers these subprotocols, in order of preference. */
    public Builder subprotocols(String... protocols) {
      subprotocols.addAll(List.of(protocols));
      return this;
    }

    /** Whether to answer the server's pings (default true). */
    public Builder autoPong(boolean autoPong) {
      this.autoPong = autoPong;
      return this;
    }

    /** Whether to stop reading the socket once the handshake is done (default false). */
    public Builder readPaused(boolean readPaused) {
      this.readPaused = readPaused;
      return this;
    }

    /** Sets the largest message accepted from the server (default 16 MiB). */
    public Builder maxFrameSize(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFrameSize must be positive: " + bytes);
      }
      this.maxFrameSize = bytes;
      return this;
    }

    /** Sets how long to wait for the connection and the handshake (default 10 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Connects and waits for the handshake's answer. A refused handshake still returns a client:
     * check {@link #handshakeStatus()}.
     *
     * @throws AssertionError if the connection or the handshake fails or times out
     */
    public WebSocketTestClient connect() {
      try {
        return connectAsync().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("timed out waiting for the WebSocket handshake with " + uri);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted connecting to " + uri, e);
      } catch (ExecutionException e) {
        throw new AssertionError("connecting to " + uri + " failed: " + e.getCause(), e.getCause());
      }
    }

    /** Connects without waiting; the future completes once the handshake was answered. */
    public CompletableFuture<WebSocketTestClient> connectAsync() {
      String protocols = subprotocols.isEmpty() ? null : String.join(",", subprotocols);
      WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
          uri, WebSocketVersion.V13, protocols, false, headers, maxFrameSize,
          true, false, 2000, false, false);
      ClientHandler handler = new ClientHandler(handshaker, autoPong, readPaused);
      ChannelFuture connect = ClientConnector.connect(uri, handler, maxFrameSize, timeout);
      CompletableFuture<WebSocketTestClient> result = new CompletableFuture<>();
      connect.addListener(f -> {
        if (!f.isSuccess()) {
          result.completeExceptionally(f.cause());
        }
      });
      handler.handshake.whenComplete((hs, e) -> {
        if (e != null) {
          result.completeExceptionally(e);
        } else {
          result.complete(new WebSocketTestClient(connect.channel(), handler, hs));
        }
      });
      return result;
    }
  }
}
