package dev.switchboard.amqp;

import dev.switchboard.redis.tasks.RedisResultBackend;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * The tasks of the AMQP fault tests, registered alike in the test and in worker processes: each
 * run counts itself in a Redis hash ({@code <prefix>:runs}, field = task id), so a test sees how
 * often every task ran, in whichever process.
 */
final class AmqpFaultTasks implements AutoCloseable {
  /** The lease: short, so a hung holder's tasks come back quickly. */
  static final Duration LEASE = Duration.ofMillis(1500);
  /** The delivery limit of the fault tests' queues. */
  static final int MAX_DELIVERIES = 3;

  final TaskApp app;
  final Task<Integer, Integer> quick;
  final Task<Long, String> sleep;
  final Task<Integer, Integer> halt;
  final String runsKey;
  private final RedisClient client;
  final RedisCommands<String, String> redis;

  AmqpFaultTasks(String amqpUrl, String redisUri, String prefix) {
    this.runsKey = prefix + ":runs";
    this.client = RedisClient.create(redisUri);
    this.redis = client.connect().sync();
    this.app = TaskApp.builder()
        .broker(AmqpBroker.create(amqpUrl + "?max_deliveries=" + MAX_DELIVERIES + "&prefix="
            + prefix, LEASE))
        .resultBackend(RedisResultBackend.create(redisUri, Duration.ofHours(1), prefix))
        .defaultQueue(prefix).build();
    this.quick = app.task("fault.quick", Integer.class, Integer.class, (ctx, n) -> {
      redis.hincrby(runsKey, ctx.id(), 1);
      Thread.sleep(1);
      return n;
    });
    this.sleep = app.task("fault.sleep", Long.class, String.class, (ctx, millis) -> {
      redis.hincrby(runsKey, ctx.id(), 1);
      Thread.sleep(millis);
      return ctx.workerId();
    });
    this.halt = app.task("fault.halt", Integer.class, Integer.class, (ctx, code) -> {
      redis.hincrby(runsKey, ctx.id(), 1);
      Runtime.getRuntime().halt(code); // the worker process dies on this task, every time
      return code;
    });
  }

  /** Returns how many runs were counted over all tasks. */
  long totalRuns() {
    return redis.hvals(runsKey).stream().mapToLong(Long::parseLong).sum();
  }

  /** Returns how often task {@code id} ran. */
  long runs(String id) {
    String n = redis.hget(runsKey, id);
    return n == null ? 0 : Long.parseLong(n);
  }

  @Override
  public void close() {
    app.close();
    client.shutdown();
  }
}
