package dev.switchboard.cli;

import dev.switchboard.tasks.Beat;
import dev.switchboard.tasks.TaskApp;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard beat}: sends the app's periodic tasks on their schedules. Several may run
 * at once against one Redis: a lease elects the one that sends.
 */
@Command(
    name = "beat",
    mixinStandardHelpOptions = true,
    description = "Send an app's periodic tasks on their schedules (one leader among many).")
final class BeatCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--app", required = true,
      description = "Class implementing java.util.function.Supplier<TaskApp>.")
  String app;

  @Option(names = "--classpath",
      description = "Jars or class folders holding the app, separated by ':'.")
  String classpath;

  @Option(names = "--broker",
      description = "Broker URL: redis://host:port or memory: (default: $SWITCHBOARD_BROKER, else memory).")
  String broker;

  @Override
  public Integer call() throws Exception {
    TaskApp taskApp = TaskAppLoader.load(spec.commandLine(), app, broker, classpath);
    if (taskApp.periodicTasks().isEmpty()) {
      spec.commandLine().getErr().println(
          "beat: " + app + " declares no periodic tasks (TaskApp.periodic); nothing to send");
      return 1;
    }
    Beat beat = WorkerCommand.startBeat(taskApp);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      beat.close();
      taskApp.close();
      stopped.countDown();
    }, "switchboard-beat-shutdown"));
    stopped.await();
    return 0;
  }
}
