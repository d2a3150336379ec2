package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * Why a task failed, as recorded by the worker that ran it: the remote exception's class name,
 * message and stack trace. It crosses processes as JSON, so it carries text, not the exception.
 *
 * @param type the fully qualified class name of the exception, such as {@code
 *     "java.io.IOException"}
 * @param message the exception's message, or null when it had none
 * @param stackTrace the printed stack trace (cut to {@value #MAX_STACK_CHARS} characters)
 */
public record TaskFailure(String type, @Nullable String message, String stackTrace) {
  /** The longest stack trace kept, in characters; the rest is cut with a marker. */
  public static final int MAX_STACK_CHARS = 16_384;

  /** Checks the parts. */
  public TaskFailure {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stackTrace, "stackTrace");
  }

  /** Describes {@code error}: its class, message and printed stack trace. */
  public static TaskFailure of(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    String stack = out.toString();
    if (stack.length() > MAX_STACK_CHARS) {
      stack = stack.substring(0, MAX_STACK_CHARS) + "\n\t... (cut)";
    }
    return new TaskFailure(error.getClass().getName(), error.getMessage(), stack);
  }

  /** Returns a failure that no local exception produced, such as a time limit or a lost chord. */
  public static TaskFailure of(String type, String message) {
    return new TaskFailure(type, message, type + ": " + message);
  }

  /** Returns {@code "type: message"}, the way a stack trace's first line reads. */
  @Override
  public String toString() {
    return message == null ? type : type + ": " + message;
  }
}
