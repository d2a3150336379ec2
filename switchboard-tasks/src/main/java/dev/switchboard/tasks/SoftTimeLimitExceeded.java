package dev.switchboard.tasks;

/**
 * A task ran past its soft time limit: its thread was interrupted, and this is what {@link
 * TaskContext#checkSoftTimeLimit()} throws and what the failure is recorded as when the task
 * ends because of the interrupt. A task may catch it to clean up and still return a result.
 */
public final class SoftTimeLimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the limit. */
  public SoftTimeLimitExceeded(String message) {
    super(message);
  }
}
