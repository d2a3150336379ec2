package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import java.time.Duration;
import java.util.Map;

/** The tasks the fault tests run, registered identically in the test and in worker processes. */
final class FaultTasks {
  /** The lease the fault tests use: short, so a dead worker's tasks come back quickly. */
  static final Duration LEASE = Duration.ofMillis(1500);
  /** The delivery limit of the fault tests. */
  static final int MAX_DELIVERIES = 5;

  final TaskApp app;
  final Task<Long, String> sleep;
  final Task<Integer, Integer> quick;
  final Task<Integer, Integer> halt;

  private FaultTasks(TaskApp app) {
    this.app = app;
    this.sleep = app.task("fault.sleep", Long.class, String.class, (ctx, millis) -> {
      long end = System.currentTimeMillis() + millis;
      int step = 0;
      while (System.currentTimeMillis() < end) {
        ctx.progress(Map.of("step", ++step, "worker", ctx.workerId()));
        Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
      }
      return ctx.workerId();
    });
    this.quick = app.task("fault.quick", Integer.class, Integer.class, (ctx, n) -> {
      Thread.sleep(1);
      return n;
    });
    this.halt = app.task("fault.halt", Integer.class, Integer.class, (ctx, code) -> {
      Runtime.getRuntime().halt(code); // the worker process dies on this task, every time
      return code;
    });
  }

  /** Builds the app on Redis at {@code uri} with key prefix {@code prefix}. */
  static FaultTasks on(String uri, String prefix) {
    return new FaultTasks(TaskApp.builder()
        .broker(RedisBroker.create(uri, LEASE, prefix, MAX_DELIVERIES))
        .resultBackend(RedisResultBackend.create(uri, Duration.ofHours(1), prefix))
        .build());
  }
}
