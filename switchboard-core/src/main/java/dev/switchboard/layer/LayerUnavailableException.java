package dev.switchboard.layer;

/**
 * The layer's backing service (a Redis shard, for example) was unreachable, so the operation
 * failed fast instead of waiting for a reconnect. Layers that reconnect by themselves announce it
 * to local consumers with {@code layer.disconnected} / {@code layer.reconnected} messages.
 *
 * <p>Consumers that can live with a partial broadcast during an outage (members in this process
 * still get it) catch this type rather than a backend's subclass.
 */
public class LayerUnavailableException extends RuntimeException {
  /**
   * Creates the exception.
   *
   * @param message what was unavailable and which operation failed
   * @param cause what the backend or its client reported
   */
  public LayerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
