package dev.switchboard.client;

/** A message was refused because the client's send queue already holds its limit. */
public final class SendQueueFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SendQueueFullException(int limit) {
    super("send queue full: " + limit + " messages wait for the connection (sendQueueLimit)");
  }
}
