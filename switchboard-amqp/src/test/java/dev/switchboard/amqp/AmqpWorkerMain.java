package dev.switchboard.amqp;

import dev.switchboard.tasks.Worker;
import java.time.Duration;

/**
 * A worker process for the AMQP fault tests: {@code AmqpWorkerMain <amqp-url> <redis-uri>
 * <prefix> <concurrency>}. Prints {@code READY <worker-id>} once consuming.
 */
public final class AmqpWorkerMain {
  private AmqpWorkerMain() {}

  /** Starts the worker and runs until the process is stopped. */
  public static void main(String[] args) throws Exception {
    AmqpFaultTasks tasks = new AmqpFaultTasks(args[0], args[1], args[2]);
    int concurrency = Integer.parseInt(args[3]);
    Worker worker = Worker.builder(tasks.app).concurrency(concurrency).prefetch(concurrency)
        .heartbeat(Duration.ofMillis(500)).build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.shutdown(Duration.ofSeconds(10));
      tasks.close();
    }));
    System.out.println("READY " + worker.id());
    System.out.flush();
    Thread.currentThread().join();
  }
}
