package dev.switchboard.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.internal.ConnectionRunner;
import dev.switchboard.layer.ChannelLayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives a WebSocket application without a network, as Channels' {@code WebsocketCommunicator}
 * does: the application runs exactly as under the server (its own virtual thread, events in
 * order), and the test plays the client.
 *
 * <pre>{@code
 * try (var ws = WebSocketCommunicator.builder(app, "/ws/chat/lobby/").layer(layer).build()) {
 *   assertThat(ws.connect().accepted()).isTrue();
 *   ws.sendJson(Map.of("message", "hi"));
 *   assertThat(ws.receiveJson().get("message").asText()).isEqualTo("hi");
 *   ws.receiveNothing();
 * }
 * }</pre>
 *
 * <p>Every receive waits at most its timeout (default 1 s) and fails with "timed out waiting for
 * ...".
 */
public final class WebSocketCommunicator implements AutoCloseable {
  /** The default wait of receive methods. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutboundRecorder recorder = new OutboundRecorder();
  private final ConnectionRunner runner;
  private boolean connected;
  private boolean disconnected;

  /**
   * The outcome of {@link #connect()}.
   *
   * @param accepted whether the application accepted
   * @param subprotocol the subprotocol it chose, or null
   * @param status the HTTP status of a refusal (403 for a close before accept), or 101 if accepted
   * @param reason the refusal reason, or ""
   */
  public record ConnectResult(
      boolean accepted, @Nullable String subprotocol, int status, String reason) {}

  private WebSocketCommunicator(Scope scope, Application app, @Nullable ChannelLayer layer) {
    this.runner = new ConnectionRunner(scope, app, layer, recorder);
  }

  /** Returns a communicator for {@code path} (which may carry a query) with no layer. */
  public static WebSocketCommunicator of(Application app, String path) {
    return builder(app, path).build();
  }

  /** Returns a builder for a communicator to {@code app} at {@code path}. */
  public static Builder builder(Application app, String path) {
    return new Builder(app, path);
  }

  /** Sends the handshake and waits for the application's answer. */
  public ConnectResult connect() {
    return connect(DEFAULT_TIMEOUT);
  }

  /** Sends the handshake and waits up to {@code timeout} for the application's answer. */
  public ConnectResult connect(Duration timeout) {
    if (connected) {
      throw new IllegalStateException("connect() was already called");
    }
    connected = true;
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    OutboundEvent e = recorder.next(timeout, "accept, deny or close after connect");
    return switch (e) {
      case OutboundEvent.WebSocketAccept a -> new ConnectResult(true, a.subprotocol(), 101, "");
      case OutboundEvent.WebSocketDeny d -> new ConnectResult(false, null, d.status(), d.reason());
      case OutboundEvent.WebSocketClose c -> new ConnectResult(false, null, 403, c.reason());
      default -> throw new AssertionError("expected accept, deny or close after connect, got " + e);
    };
  }

  /** Sends a text message from the client. */
  public void sendText(String text) {
    runner.deliver(InboundEvent.WebSocketReceive.text(text));
  }

  /** Sends a binary message from the client. */
  public void sendBytes(byte[] bytes) {
    runner.deliver(InboundEvent.WebSocketReceive.bytes(bytes));
  }

  /** Sends {@code value} as JSON text from the client. */
  public void sendJson(Object value) {
    try {
      sendText(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value must be serializable to JSON", e);
    }
  }

  /** Returns the next event the application sent, waiting up to {@code timeout}. */
  public OutboundEvent receiveOutput(Duration timeout) {
    return recorder.next(timeout, "output from the application");
  }

  /** Returns the next text message, waiting up to the default timeout. */
  public String receiveText() {
    return receiveText(DEFAULT_TIMEOUT);
  }

  /**
   * Returns the next text message.
   *
   * @throws AssertionError if the next output is not a text message or none arrives in time
   */
  public String receiveText(Duration timeout) {
    OutboundEvent e = recorder.next(timeout, "a text message");
    if (e instanceof OutboundEvent.WebSocketSend s && s.text() != null) {
      return s.text();
    }
    throw new AssertionError("expected a text message, got " + e);
  }

  /** Returns the next binary message, waiting up to the default timeout. */
  public byte[] receiveBytes() {
    OutboundEvent e = recorder.next(DEFAULT_TIMEOUT, "a binary message");
    if (e instanceof OutboundEvent.WebSocketSend s && s.bytes() != null) {
      return s.bytes();
    }
    throw new AssertionError("expected a binary message, got " + e);
  }

  /** Returns the next text message decoded as JSON. */
  public JsonNode receiveJson() {
    return receiveJson(DEFAULT_TIMEOUT);
  }

  /** Returns the next text message decoded as JSON, waiting up to {@code timeout}. */
  public JsonNode receiveJson(Duration timeout) {
    String text = receiveText(timeout);
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("expected JSON, got: " + text, e);
    }
  }

  /**
   * Waits for the application to close the socket and returns the close event.
   *
   * @throws AssertionError if something else arrives first or nothing in time
   */
  public OutboundEvent.WebSocketClose receiveClose() {
    OutboundEvent e = recorder.next(DEFAULT_TIMEOUT, "a close from the application");
    if (e instanceof OutboundEvent.WebSocketClose c) {
      return c;
    }
    throw new AssertionError("expected a close, got " + e);
  }

  /** Fails if the application sends anything within 100 ms. */
  public void receiveNothing() {
    receiveNothing(Duration.ofMillis(100));
  }

  /** Fails if the application sends anything within {@code wait}. */
  public void receiveNothing(Duration wait) {
    recorder.nothing(wait);
  }

  /** Closes the socket from the client side with 1000 and waits for the application to finish. */
  public void disconnect() {
    disconnect(CloseCodes.NORMAL);
  }

  /** Closes the socket from the client side with {@code code} and waits for the application. */
  public void disconnect(int code) {
    if (disconnected) {
      return;
    }
    disconnected = true;
    runner.deliver(new InboundEvent.WebSocketDisconnect(code, ""));
    try {
      runner.finished().get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out waiting for the application to handle disconnect", e);
    } catch (Exception e) {
      throw new AssertionError("the application failed to finish", e);
    }
  }

  /** Disconnects with 1000 if still connected. */
  @Override
  public void close() {
    if (connected) {
      disconnect();
    }
  }

  /** Builds a {@link WebSocketCommunicator}. */
  public static final class Builder {
    private final Application app;
    private final String path;
    private Headers headers = Headers.EMPTY;
    private List<String> subprotocols = List.of();
    private @Nullable ChannelLayer layer;

    private Builder(Application app, String path) {
      this.app = app;
      this.path = path;
    }

    /** Sets the handshake's request headers (Origin, Cookie, ...). */
    public Builder headers(Headers headers) {
      this.headers = headers;
      return this;
    }

    /** Sets the subprotocols the client offers. */
    public Builder subprotocols(String... subprotocols) {
      this.subprotocols = List.of(subprotocols);
      return this;
    }

    /** Sets the channel layer the application sees. */
    public Builder layer(ChannelLayer layer) {
      this.layer = layer;
      return this;
    }

    /** Returns the communicator; nothing runs until {@link #connect()}. */
    public WebSocketCommunicator build() {
      return new WebSocketCommunicator(
          Communicators.scope(Scope.Type.WEBSOCKET, "GET", path, headers, subprotocols), app, layer);
    }
  }
}
