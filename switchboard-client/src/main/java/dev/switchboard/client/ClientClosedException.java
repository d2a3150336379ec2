package dev.switchboard.client;

/** The client was closed, or stopped for good, before the operation could complete. */
public final class ClientClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ClientClosedException(String reason) {
    super("client closed: " + reason);
  }
}
