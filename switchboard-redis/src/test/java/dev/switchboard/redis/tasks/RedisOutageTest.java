package dev.switchboard.redis.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.testing.RedisServerProcess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A command issued while Redis is down (its own server, stopped and started again on the same
 * port) is sent as soon as the connection is back, even when no later command follows it, not
 * failed by the 10 s command timeout.
 */
@Timeout(60)
class RedisOutageTest {
  RedisServerProcess redis;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServerProcess.start();
  }

  @AfterEach
  void stop() throws Exception {
    redis.close();
  }

  /** Stops Redis, runs {@code call}, starts Redis 1.5 s later; returns the call's future. */
  <T> CompletableFuture<T> duringOutage(java.util.function.Supplier<CompletableFuture<T>> call)
      throws Exception {
    redis.stop();
    Thread.sleep(300); // the clients notice the lost connection
    CompletableFuture<T> f = call.get();
    Thread.sleep(1500);
    redis.startAgain();
    return f;
  }

  @Test
  void publishDuringAnOutageCompletesSoonAfterRedisIsBack() throws Exception {
    try (RedisBroker broker = RedisBroker.create(redis.uri(), Duration.ofSeconds(5), "o1")) {
      broker.publish(new Envelope("a", "q", 5, 0, "before")).join();
      long t0 = System.nanoTime();
      CompletableFuture<Void> f = duringOutage(() -> broker.publish(new Envelope("b", "q", 5, 0, "x")));
      f.get(8, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
          .as("ms from the publish to its completion").isLessThan(6_000);
    }
  }

  @Test
  void resultStoredDuringAnOutageCompletesSoonAfterRedisIsBack() throws Exception {
    try (RedisResultBackend backend = RedisResultBackend.create(redis.uri(), Duration.ofMinutes(1), "o2")) {
      backend.get("warm-up").join();
      TaskResult started = TaskResult.of("t1", "n", TaskState.PENDING).started("w", 0, 1, 2);
      long t0 = System.nanoTime();
      var f = duringOutage(() -> backend.store(started));
      assertThat(f.get(8, TimeUnit.SECONDS).stored()).isTrue();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
          .as("ms from the store to its completion").isLessThan(6_000);
    }
  }

  @Test
  void getReturnsTheResultWhenRedisRestartsWithoutPersistenceWhileTheTaskRuns() throws Exception {
    dev.switchboard.tasks.TaskApp app = dev.switchboard.tasks.TaskApp.builder()
        .broker(RedisBroker.create(redis.uri(), Duration.ofSeconds(5), "o3"))
        .resultBackend(RedisResultBackend.create(redis.uri(), Duration.ofMinutes(1), "o3")).build();
    var slow = app.task("o.slow", Integer.class, Integer.class, (ctx, x) -> {
      Thread.sleep(3_000);
      return x * 2;
    });
    try (var worker = dev.switchboard.tasks.Worker.builder(app).concurrency(1).build().start()) {
      var r = slow.delay(21);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> r.state() == TaskState.STARTED);
      long t0 = System.nanoTime();
      redis.stop(); // no persistence: the STARTED record and the queue are gone with it
      Thread.sleep(500);
      redis.startAgain();
      assertThat(r.get(Duration.ofSeconds(30))).isEqualTo(42);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
          .as("ms until get returned").isLessThan(15_000);
    } finally {
      app.close();
    }
  }
}
