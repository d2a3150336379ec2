package dev.switchboard.cli;

import dev.switchboard.tasks.TaskApp;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options that name a task app and its broker, shared by {@code worker} and {@code beat}. */
final class AppOptions {
  @Option(names = "--app", required = true,
      description = "Class implementing java.util.function.Supplier<TaskApp>.")
  String app;

  @Option(names = "--classpath",
      description = "Jars or class folders holding the app, separated by ':'.")
  String classpath;

  @Option(names = "--broker",
      description = "Broker URL: redis://host:port, amqp://user:pass@host:port?backend=<URL-encoded result backend URL>"
          + " or memory: (default: $SWITCHBOARD_BROKER, else memory).")
  String broker;

  /** Loads the app these options name, failing as a usage error when it cannot be loaded. */
  TaskApp load(CommandLine commandLine) {
    return TaskAppLoader.load(commandLine, app, broker, classpath);
  }
}
