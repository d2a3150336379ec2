package dev.switchboard.tasks;

/**
 * A worker received a task name its app does not register: the message goes to the dead
 * letters and the task is recorded as failed with this type.
 */
public final class NotRegistered extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotRegistered(String message) {
    super(message);
  }
}
