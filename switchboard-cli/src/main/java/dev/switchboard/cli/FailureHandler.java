package dev.switchboard.cli;

import java.net.BindException;
import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user causes from outside the program (a port already taken, an address
 * this machine does not have, a Redis that does not answer) into one line on standard error
 * naming the command, the cause and what to do, with exit code 1. Any other exception is a bug
 * of Switchboard or of the user's app: its stack trace is printed in full, as picocli does.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed)
      throws Exception {
    String line = describe(ex);
    if (line == null) {
      throw ex;
    }
    cli.getErr().println("switchboard " + cli.getCommandName() + ": " + line);
    cli.getErr().flush();
    return 1;
  }

  /** Returns the one-line explanation of an environmental failure, or null for anything else. */
  static String describe(Throwable ex) {
    Throwable root = ex;
    boolean bind = false;
    boolean connect = false;
    for (Throwable t = ex; t != null; t = t.getCause()) {
      root = t;
      bind |= t instanceof BindException || t instanceof UnresolvedAddressException
          || t.getClass().getSimpleName().equals("NativeIoException")
              && String.valueOf(t.getMessage()).startsWith("bind(");
      connect |= t instanceof ConnectException
          || t.getClass().getSimpleName().equals("RedisConnectionException");
    }
    String reason = reason(root);
    if (bind) {
      String what = headline(ex);
      String hint = reason.contains("in use")
          ? "another process holds that port; stop it or choose another with --port"
          : "use an address of this machine with --host, such as 127.0.0.1 or 0.0.0.0";
      return what + ": " + reason + " (" + hint + ")";
    }
    if (connect) {
      return headline(ex) + ": " + reason + " (is the server running and the URL right?)";
    }
    return null;
  }

  /** The outermost message up to where it starts quoting an exception class. */
  private static String headline(Throwable ex) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    int quoted = message.indexOf(": io.");
    int javaQuoted = message.indexOf(": java.");
    int cut = quoted < 0 ? javaQuoted : javaQuoted < 0 ? quoted : Math.min(quoted, javaQuoted);
    return cut < 0 ? message : message.substring(0, cut);
  }

  /** The root cause in plain words: its message after the last colon, or its class name. */
  private static String reason(Throwable root) {
    if (root instanceof UnresolvedAddressException) {
      return "the host name does not resolve";
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    String tail = message.substring(message.lastIndexOf(": ") + 1).trim();
    return tail.isEmpty() ? message : tail.substring(0, 1).toLowerCase(Locale.ROOT) + tail.substring(1);
  }
}
