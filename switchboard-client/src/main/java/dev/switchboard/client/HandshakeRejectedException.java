package dev.switchboard.client;

/**
 * The server answered the WebSocket handshake with an HTTP status a retry would not change (401,
 * 403, 404 and the other 4xx except 408 and 429), so the client stopped.
 */
public final class HandshakeRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  HandshakeRejectedException(int status, String uri) {
    super("the server refused the WebSocket handshake to " + uri + " with HTTP " + status);
    this.status = status;
  }

  /** Returns the HTTP status the server answered. */
  public int status() {
    return status;
  }
}
