package dev.switchboard.cli;

import dev.switchboard.Nullable;
import java.io.File;
import java.lang.reflect.Constructor;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Loads the {@code --app} class a command names: a public class with a public no-argument
 * constructor implementing {@code Supplier<T>}, looked for in the CLI's own class path and in
 * {@code --classpath} (jars and folders separated by the platform's path separator). Every
 * failure is a usage error naming the option and the rule that was broken.
 */
final class SuppliedApp {
  private SuppliedApp() {}

  /**
   * Instantiates {@code className} and returns what its {@code get()} supplies.
   *
   * @param expected the type {@code get()} must return, named in the errors
   * @throws ParameterException if the class is missing, of the wrong shape, or fails or
   *     returns something else than {@code expected}
   */
  static <T> T load(
      CommandLine cmd, String className, @Nullable String classpath, Class<T> expected) {
    String rule = "java.util.function.Supplier<" + expected.getSimpleName() + ">";
    Class<?> type;
    try {
      ClassLoader loader = classpath == null ? SuppliedApp.class.getClassLoader()
          : loader(cmd, classpath);
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new ParameterException(cmd, "--app: class not found: " + className
          + (classpath == null ? " (pass its jar or classes folder with --classpath)"
              : " in --classpath " + classpath));
    }
    if (!Supplier.class.isAssignableFrom(type)) {
      throw new ParameterException(cmd, "--app: " + className + " must implement " + rule);
    }
    Object supplied;
    try {
      Constructor<?> ctor = type.getConstructor();
      supplied = ((Supplier<?>) ctor.newInstance()).get();
    } catch (NoSuchMethodException e) {
      throw new ParameterException(cmd,
          "--app: " + className + " needs a public no-argument constructor");
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ParameterException(cmd,
          "--app: " + className + " failed to build the app: " + cause, cause);
    }
    if (!expected.isInstance(supplied)) {
      throw new ParameterException(cmd, "--app: " + className + ".get() must return a "
          + expected.getSimpleName() + ", returned "
          + (supplied == null ? "null" : supplied.getClass().getName()));
    }
    return expected.cast(supplied);
  }

  private static ClassLoader loader(CommandLine cmd, String classpath) {
    String[] parts = classpath.split(File.pathSeparator);
    URL[] urls = new URL[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Path p = Path.of(parts[i]);
      if (!Files.exists(p)) {
        throw new ParameterException(cmd, "--classpath: no such file or folder: " + p);
      }
      try {
        urls[i] = p.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new ParameterException(cmd, "--classpath: unusable path: " + p);
      }
    }
    ClassLoader l = new URLClassLoader(urls, SuppliedApp.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(l);
    return l;
  }
}
