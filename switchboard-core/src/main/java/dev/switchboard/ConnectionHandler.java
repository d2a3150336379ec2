package dev.switchboard;

/**
 * Receives the events of one connection, one at a time and in order, on the connection's
 * virtual thread.
 *
 * <p>An exception thrown by {@link #handle} is logged with the connection's identity and closes
 * that connection (WebSocket 1011, HTTP 500); it never affects other connections. The handler
 * still receives the connection's final disconnect event, so it can clean up.
 */
@FunctionalInterface
public interface ConnectionHandler {

  /**
   * Handles one event of the connection.
   *
   * @param event the next event, in arrival order
   * @throws Exception any failure; see the type's documentation for what follows
   */
  void handle(InboundEvent event) throws Exception;

  /**
   * Returns whether this handler wants channel messages of {@code messageType} delivered to
   * {@link #handle}. A handler that returns {@code false} for {@link Message#WEBSOCKET_SEND} lets
   * the runner forward such ready frames straight to the client (the fast lane). The default is
   * {@code true}: every message is handled.
   */
  default boolean handles(String messageType) {
    return true;
  }

  /**
   * Returns whether this handler never blocks while handling a client message: no waiting on
   * futures, locks, I/O or sleeps, only computation and non-blocking sends. Such a handler's
   * WebSocket messages may be handled on the I/O thread that read them, in order and one at a
   * time as always, instead of being handed to the connection's virtual thread: this saves two
   * thread hand-offs per message. The connect, disconnect and channel-message events still run on
   * the virtual thread, so they may block. A handler that claims this and then blocks stalls
   * every connection sharing its I/O thread. The default is {@code false}.
   */
  default boolean nonBlocking() {
    return false;
  }

  /**
   * Called once after the connection's last event was handled (or the connection was abandoned),
   * on the connection's virtual thread. The default does nothing.
   */
  default void closed() {}
}
