package dev.switchboard;

import dev.switchboard.layer.ChannelLayer;
import java.util.Objects;

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
   * @param message the message
   * @param capacity the most channel messages that may wait in the inbox at once
   * @return {@code false} if {@code capacity} messages are already waiting (the message is not
   *     queued), {@code true} otherwise
   */
  boolean offer(Message message, int capacity);

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
   * @return the view; sends and offers go to this connection
   */
  default Connection withScope(Scope scope) {
    Objects.requireNonNull(scope, "scope");
    Connection self = this;
    return new Connection() {
      @Override
      public String id() {
        return self.id();
      }

      @Override
      public Scope scope() {
        return scope;
      }

      @Override
      public void send(OutboundEvent event) {
        self.send(event);
      }

      @Override
      public boolean offer(Message message, int capacity) {
        return self.offer(message, capacity);
      }

      @Override
      public @Nullable ChannelLayer channelLayer() {
        return self.channelLayer();
      }

      @Override
      public String toString() {
        return self.toString();
      }
    };
  }
}
