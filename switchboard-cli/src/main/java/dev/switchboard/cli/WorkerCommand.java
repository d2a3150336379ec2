package dev.switchboard.cli;

import dev.switchboard.tasks.Backends;
import dev.switchboard.tasks.Beat;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import dev.switchboard.tasks.WorkerBuilder;
import dev.switchboard.tasks.memory.InMemoryBeatStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard worker}: runs the tasks of an app until SIGTERM or Ctrl-C, which start the
 * warm shutdown (stop fetching, finish running tasks within {@code --shutdown-timeout}, return
 * the rest to the queue).
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run background tasks from a broker (warm shutdown on SIGTERM).")
final class WorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin AppOptions options;

  @Option(names = "--concurrency", description = "Tasks run at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(names = "--prefetch", description = "Deliveries held at once (default: twice the concurrency).")
  int prefetch;

  @Option(names = "--queues", split = ",", description = "Queues to consume (default: the app's default queue).")
  List<String> queues = List.of();

  @Option(names = "--shutdown-timeout", description = "Warm-shutdown wait, ISO-8601 or seconds (default: ${DEFAULT-VALUE}).")
  String shutdownTimeout = "30";

  @Option(names = "--beat", description = "Also run the periodic-task scheduler (safe on several nodes).")
  boolean beat;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--concurrency must be at least 1: " + concurrency);
    }
    Duration timeout = Durations.parse(spec.commandLine(), "--shutdown-timeout", shutdownTimeout);
    TaskApp taskApp = options.load(spec.commandLine());
    WorkerBuilder wb = Worker.builder(taskApp).concurrency(concurrency);
    if (prefetch > 0) {
      wb.prefetch(prefetch);
    }
    if (!queues.isEmpty()) {
      wb.queues(queues);
    }
    Worker worker = wb.build().start();
    Beat scheduler = beat ? startBeat(taskApp) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("worker[{}] warm shutdown: finishing running tasks (up to {})", worker.id(), timeout);
      if (scheduler != null) {
        scheduler.close();
      }
      worker.shutdown(timeout);
      taskApp.close();
      stopped.countDown();
    }, "switchboard-worker-shutdown"));
    log.info("worker[{}] ready: tasks {}", worker.id(), taskApp.taskNames());
    stopped.await();
    return 0;
  }

  static Beat startBeat(TaskApp taskApp) {
    String url = Backends.configuredUrl();
    var store = url == null ? new InMemoryBeatStore() : Backends.forUrl(url).beatStore(url);
    return Beat.builder(taskApp).store(store).build().start();
  }
}
