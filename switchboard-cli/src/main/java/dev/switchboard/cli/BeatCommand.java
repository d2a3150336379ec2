package dev.switchboard.cli;

import dev.switchboard.tasks.Beat;
import dev.switchboard.tasks.TaskApp;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin AppOptions options;

  @Override
  public Integer call() throws Exception {
    TaskApp taskApp = options.load(spec.commandLine());
    if (taskApp.periodicTasks().isEmpty()) {
      spec.commandLine().getErr().println(
          "beat: " + options.app + " declares no periodic tasks (TaskApp.periodic); nothing to send");
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
