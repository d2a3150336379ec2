package dev.switchboard.tasks;

/** Thrown by {@link AsyncResult#get} when the task was revoked or expired before it finished. */
public final class TaskRevokedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TaskRevokedException(String message) {
    super(message);
  }
}
