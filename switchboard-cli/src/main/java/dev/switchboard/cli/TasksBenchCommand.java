package dev.switchboard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard bench tasks}: sends no-op tasks through a broker to one in-process worker
 * and prints one JSON line: tasks, tasks_per_s (end to end: first send to last stored result),
 * start_p50_ms / start_p99_ms (send to start), result_p50_ms / result_p99_ms (send to the stored
 * result's notification), lost. With {@code --rate} tasks are offered at that fixed rate,
 * otherwise as fast as the producer can send them (in batches).
 */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Benchmark the task queue end to end; prints one JSON line.")
final class TasksBenchCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--broker", defaultValue = "redis://127.0.0.1:6379",
      description = "Broker URL: redis://host:port, amqp://...?backend=... or memory: (default: ${DEFAULT-VALUE}).")
  String broker;

  @Option(names = "--tasks", defaultValue = "20000", description = "Tasks to send (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--concurrency", defaultValue = "64", description = "Worker concurrency (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--prefetch", description = "Worker prefetch (default: 8 x concurrency).")
  int prefetch;

  @Option(names = "--rate", description = "Offered rate in tasks/s (default: as fast as possible).")
  int rate;

  @Option(names = "--warmup", defaultValue = "2000", description = "Unreported warm-up tasks (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for results (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (tasks < 1 || concurrency < 1 || rate < 0 || warmup < 0 || timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(cmd,
          "--tasks, --concurrency and --timeout must be at least 1; --rate and --warmup not negative");
    }
    int fetch = prefetch > 0 ? prefetch : 8 * concurrency;
    try (TaskBench bench = new TaskBench(broker, concurrency, fetch)) {
      if (warmup > 0) {
        bench.run(warmup, 0, timeoutSeconds);
      }
      TaskBench.Report report = bench.run(tasks, rate, timeoutSeconds);
      cmd.getOut().println(report.json(concurrency, rate));
      cmd.getOut().flush();
      return report.lost() == 0 ? 0 : 1;
    }
  }
}
