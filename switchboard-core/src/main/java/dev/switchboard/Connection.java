package dev.switchboard;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.MessageListener;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One live connection as an application sees it: its {@link Scope}, its outbound side and the
 * channel layer it may use.
 *
 * <p>Implemented by the server and by the testing communicators. All methods are thread-safe.
 */
public interface Connection {

  /** Returns a short identity for logs, unique within the process, such as {@code "c42"}. */
  String id();

  /** Returns the immutable description of this connection. */
  Scope scope();

  /**
   * Sends an event towards the client. Never blocks: the event is queued for the socket in
   * order.
   *
   * <p>Backpressure: the server bounds each connection's outbound buffer; a client that stops
   * reading until the bound is exceeded is closed with 1008 and further sends are dropped.
   *
   * @param event the event to send
   */
  void send(OutboundEvent event);

  /**
   * Hands a channel-layer message to this connection's inbox; it is handled after the events
   * already waiting, as an {@link InboundEvent.ChannelMessage}. Never blocks.
   *
   * <p>A ready frame ({@link Message#WEBSOCKET_SEND}) for a WebSocket whose handler does not
   * handle that type is not the handler's work: it goes to the socket, after the channel messages
   * already waiting, and is never refused. Its bound is in bytes, the server's outbound buffer
   * limit: a connection that falls further behind is closed with 1013 or 1008 and a reason, so a
   * frame is delivered in order or the client is told, never dropped while the socket stays open.
   *
   * @param message the message
   * @param capacity the most channel messages that may wait in the inbox for the handler at once
   * @return {@code false} if {@code capacity} messages are already waiting (the message is not
   *     queued), {@code true} otherwise
   */
  boolean offer(Message message, int capacity);

  /**
   * Returns a listener that {@link #offer offers} each message it takes to this connection with
   * {@code capacity}: what a consumer subscribes to its layer channel. Connections may return one
   * that skips views and wrappers, since a group send calls it once per member.
   */
  default MessageListener listener(int capacity) {
    return message -> offer(message, capacity);
  }

  /**
   * Returns the channel layer configured for this server, or {@code null} if there is none.
   */
  @Nullable
  ChannelLayer channelLayer();

  /**
   * Returns a view of this connection that reports {@code scope} instead of its own; used by
   * middleware and routers to extend the scope for the application they wrap.
   *
   * @param scope the scope the wrapped application sees
   * @return the view; sends and offers go to this connection (a view of a view goes straight to
   *     the underlying connection, so nested routers do not keep every intermediate scope)
   */
  default Connection withScope(Scope scope) {
    return new ScopedConnection(this, scope, null);
  }

  /**
   * Returns a view like {@link #withScope(Scope)} whose sends pass through {@code outbound}
   * first: middleware that adds to responses (a session's cookie) uses it. The filter runs on the
   * sending thread and may block.
   *
   * @param outbound returns the event to send in place of the one given, or null to send nothing
   */
  default Connection withScope(Scope scope, UnaryOperator<OutboundEvent> outbound) {
    return new ScopedConnection(this, scope, Objects.requireNonNull(outbound, "outbound"));
  }
}
