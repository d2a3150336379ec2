package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import java.time.Duration;

/**
 * Thrown by {@link TaskContext#retry} to end the current run and schedule another; the worker
 * records {@link TaskState#RETRY} and sends the task again after the countdown (or the backoff
 * delay). Beyond {@link TaskOptions#maxRetries()} the task fails with the cause instead.
 */
public final class RetryTask extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient @Nullable Duration countdown;

  RetryTask(@Nullable Throwable cause, @Nullable Duration countdown) {
    super(cause == null ? "retry requested" : "retry after " + cause, cause, false, false);
    this.countdown = countdown;
  }

  /** Returns the requested delay, or null for the task's backoff delay. */
  public @Nullable Duration countdown() {
    return countdown;
  }
}
