package dev.switchboard.client;

/**
 * Hears a client's connection events. Every method has a no-op default; override what you need.
 * Calls come one at a time from the client's own threads; keep them short and never block in
 * them (hand long work to another thread).
 */
public interface ClientListener {
  /**
   * Called when a connection opens.
   *
   * @param reconnect false for the first connection, true after a reconnect
   */
  default void onOpen(boolean reconnect) {}

  /**
   * Called when a connection is lost and the client will try again.
   *
   * @param reason the close code and reason, or the error, in words
   * @param retryIn the delay before the next attempt
   */
  default void onDisconnected(String reason, java.time.Duration retryIn) {}

  /**
   * Called once when the client stops for good: closed by its owner, or refused by the server
   * in a way a retry would not change.
   *
   * @param reason why it stopped
   */
  default void onClosed(String reason) {}
}
