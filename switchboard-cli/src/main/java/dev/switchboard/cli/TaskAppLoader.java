package dev.switchboard.cli;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.Backends;
import dev.switchboard.tasks.TaskApp;
import java.lang.reflect.Constructor;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Loads the {@code --app} class of {@code worker} and {@code beat}: a public class with a public
 * no-argument constructor that implements {@code Supplier<TaskApp>}. A {@code --broker} URL is
 * set as the {@value Backends#PROPERTY} system property first, so {@code TaskApp.builder()}
 * inside the supplier picks it up.
 */
final class TaskAppLoader {
  private TaskAppLoader() {}

  static TaskApp load(CommandLine cmd, String className, @Nullable String broker) {
    if (broker != null) {
      try {
        Backends.forUrl(broker);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cmd, "--broker: " + e.getMessage());
      }
      System.setProperty(Backends.PROPERTY, broker);
    }
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new CommandLine.ParameterException(cmd,
          "--app: class not found on the classpath: " + className
              + " (add its jar with JAVA_OPTS=-cp or to the CLI's lib/)");
    }
    if (!Supplier.class.isAssignableFrom(type)) {
      throw new CommandLine.ParameterException(cmd,
          "--app: " + className + " must implement java.util.function.Supplier<TaskApp>");
    }
    Object supplied;
    try {
      Constructor<?> ctor = type.getConstructor();
      supplied = ((Supplier<?>) ctor.newInstance()).get();
    } catch (NoSuchMethodException e) {
      throw new CommandLine.ParameterException(cmd,
          "--app: " + className + " needs a public no-argument constructor");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new CommandLine.ParameterException(cmd,
          "--app: " + className + " failed to build the app: " + cause, cause);
    }
    if (!(supplied instanceof TaskApp app)) {
      throw new CommandLine.ParameterException(cmd,
          "--app: " + className + ".get() must return a TaskApp, returned "
              + (supplied == null ? "null" : supplied.getClass().getName()));
    }
    return app;
  }
}
