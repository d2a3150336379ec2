package dev.switchboard.consumer;

/**
 * Thrown from {@link WebSocketConsumer#connect()} to refuse the handshake with an HTTP status
 * (403 unless given).
 */
public final class DenyConnection extends RuntimeException {
  private final int status;

  /** Refuses with 403 Forbidden. */
  public DenyConnection() {
    this(403, "forbidden");
  }

  /**
   * Refuses with the given status.
   *
   * @param status an HTTP status from 400 to 599
   * @param reason a short reason for the response body and the logs
   */
  public DenyConnection(int status, String reason) {
    super(reason, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "status must be an HTTP error status from 400 to 599: " + status);
    }
    this.status = status;
  }

  /** Returns the HTTP status the handshake is answered with. */
  public int status() {
    return status;
  }
}
