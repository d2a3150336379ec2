package dev.switchboard.tasks;

/**
 * Thrown by {@link AsyncResult#get} when the task failed: carries the remote {@link TaskFailure}
 * (exception type, message, stack trace).
 */
public final class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient TaskFailure failure;

  TaskFailedException(String label, TaskFailure failure) {
    super("task " + label + " failed: " + failure);
    this.failure = failure;
  }

  /** Returns the remote failure. */
  public TaskFailure failure() {
    return failure;
  }
}
