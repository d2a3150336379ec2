package dev.switchboard;

/**
 * The unit everything in Switchboard is built from: something that handles one connection
 * (an HTTP request, a WebSocket, or a stream of channel-layer messages).
 *
 * <p>Routers, middleware and consumers are all applications and nest freely, as in ASGI. The
 * server calls {@link #open} once per connection, on that connection's own virtual thread, and
 * then hands every event of the connection to the returned {@link ConnectionHandler}, one at a
 * time and in order. Handlers may block (JDBC, HTTP calls, file I/O): a blocked handler delays
 * only its own connection.
 *
 * <p>An application holds no per-connection state on itself; state lives in the handler that
 * {@link #open} returns.
 */
@FunctionalInterface
public interface Application {

  /**
   * Starts handling one connection and returns the handler for its events.
   *
   * <p>Called on the connection's virtual thread before its first event is handled.
   *
   * @param connection the connection: its scope, its outbound side and its channel layer
   * @return the handler that receives this connection's events, in order
   * @throws Exception if the connection cannot be handled; the server then closes it (HTTP 500
   *     or WebSocket 1011) and logs the failure with the connection's identity
   */
  ConnectionHandler open(Connection connection) throws Exception;
}
