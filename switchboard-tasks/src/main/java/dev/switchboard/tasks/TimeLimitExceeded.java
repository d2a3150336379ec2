package dev.switchboard.tasks;

/**
 * A task ran past its hard time limit: the worker recorded it as failed with this type, acknowledged
 * its message, freed its slot and interrupted its thread; whatever the thread does afterwards is
 * ignored. The JVM cannot kill a thread, so code that ignores interrupts keeps running in the
 * background until it ends by itself.
 */
public final class TimeLimitExceeded extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the limit. */
  public TimeLimitExceeded(String message) {
    super(message);
  }
}
