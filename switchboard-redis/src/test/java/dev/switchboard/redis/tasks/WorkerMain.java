package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.Worker;
import java.time.Duration;

/**
 * A worker process for the fault tests: {@code WorkerMain <redis-uri> <prefix> <concurrency>}.
 * Prints {@code READY <worker-id>} once consuming; SIGTERM runs the warm shutdown.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /** Starts the worker and runs until the process is stopped. */
  public static void main(String[] args) throws Exception {
    FaultTasks tasks = FaultTasks.on(args[0], args[1]);
    Worker worker = Worker.builder(tasks.app).concurrency(Integer.parseInt(args[2]))
        .prefetch(Integer.parseInt(args[2])).heartbeat(Duration.ofMillis(500)).build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      boolean clean = worker.shutdown(Duration.ofSeconds(10));
      System.out.println("STOPPED " + (clean ? "clean" : "requeued"));
      System.out.flush();
      tasks.app.close();
    }));
    System.out.println("READY " + worker.id());
    System.out.flush();
    Thread.currentThread().join();
  }
}
