package dev.switchboard.server;

import io.netty.handler.codec.http.HttpContent;

/**
 * One HTTP request being answered on a connection: by the application, by a static file, or by
 * a WebSocket handshake. The {@link HttpDispatcher} owns the current exchange and calls it on the
 * channel's event loop only.
 */
interface Exchange {

  /**
   * Receives the next part of the request body; the exchange releases it. Called only while
   * {@link #ready()} is true.
   */
  void content(HttpContent content);

  /** Returns whether the exchange takes body parts now; false keeps them waiting. */
  default boolean ready() {
    return true;
  }

  /**
   * The request body could not be decoded and nothing more will be read on the connection.
   * Returns whether the exchange answers (400 if no response has started) and closes the
   * connection itself; by default it does not, and the dispatcher closes it.
   */
  default boolean malformedBody() {
    return false;
  }

  /** The connection closed. */
  void inactive();

  /** The server is stopping: finish soon and close the connection afterwards. */
  void shutdown();
}
