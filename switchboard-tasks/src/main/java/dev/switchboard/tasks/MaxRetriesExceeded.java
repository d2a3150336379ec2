package dev.switchboard.tasks;

/** A task asked for a retry after its {@link TaskOptions#maxRetries()}; recorded as its failure. */
public final class MaxRetriesExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MaxRetriesExceeded(String message, Throwable cause) {
    super(message, cause);
  }
}
