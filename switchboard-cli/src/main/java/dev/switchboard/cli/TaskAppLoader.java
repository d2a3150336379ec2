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
    return load(cmd, className, broker, null);
  }

  /**
   * Loads the app, looking for the class also in {@code classpath} (jars and folders separated
   * by the platform's path separator) when given.
   */
  static TaskApp load(
      CommandLine cmd, String className, @Nullable String broker, @Nullable String classpath) {
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
      ClassLoader loader = classpath == null ? TaskAppLoader.class.getClassLoader()
          : loader(cmd, classpath);
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new CommandLine.ParameterException(cmd,
          "--app: class not found: " + className
              + (classpath == null ? " (pass its jar or classes folder with --classpath)"
                  : " in --classpath " + classpath));
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

  private static ClassLoader loader(CommandLine cmd, String classpath) {
    String[] parts = classpath.split(java.io.File.pathSeparator);
    java.net.URL[] urls = new java.net.URL[parts.length];
    for (int i = 0; i < parts.length; i++) {
      java.nio.file.Path p = java.nio.file.Path.of(parts[i]);
      if (!java.nio.file.Files.exists(p)) {
        throw new CommandLine.ParameterException(cmd, "--classpath: no such file or folder: " + p);
      }
      try {
        urls[i] = p.toUri().toURL();
      } catch (java.net.MalformedURLException e) {
        throw new CommandLine.ParameterException(cmd, "--classpath: unusable path: " + p);
      }
    }
    ClassLoader l = new java.net.URLClassLoader(urls, TaskAppLoader.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(l);
    return l;
  }
}
