package dev.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.redis.tasks.RedisResultBackend;
import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import dev.switchboard.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RabbitMQ restarted with its data kept (a node of the test's own): the worker and the publisher
 * resume by themselves, with no process restart; a message queued before the stop is delivered
 * after it; a publish during the outage fails at once with a clear exception or is delivered,
 * never lost silently.
 */
@Timeout(300)
class AmqpRestartTest {
  static RabbitNode rabbit;
  static RedisServer redis;

  @BeforeAll
  static void start() throws Exception {
    rabbit = RabbitNode.start();
    redis = RedisServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    rabbit.close();
    redis.close();
  }

  @Test
  void workersAndPublishersResumeAfterRabbitMqRestartsWithItsData() throws Exception {
    String prefix = "r" + UUID.randomUUID().toString().substring(0, 8);
    TaskApp app = TaskApp.builder()
        .broker(AmqpBroker.create(rabbit.url() + "?prefix=" + prefix, Duration.ofSeconds(2)))
        .resultBackend(RedisResultBackend.create(redis.uri(), Duration.ofHours(1), prefix)).build();
    Task<Integer, Integer> twice = app.task("r.twice", Integer.class, Integer.class, (c, x) -> 2 * x);
    Task<Integer, Integer> later = app.task("r.later", Integer.class, Integer.class, (c, x) -> x);
    try (Worker worker = Worker.builder(app).concurrency(4).build().start()) {
      assertThat(twice.delay(1).get(Duration.ofSeconds(10))).isEqualTo(2);
      // Queued before the stop, due after the restart: it must survive in RabbitMQ.
      AsyncResult<Integer> delayed = later.applyAsync(7,
          dev.switchboard.tasks.CallOptions.builder().countdown(Duration.ofSeconds(3)).build());
      rabbit.stop();
      int failedAtOnce = 0;
      List<AsyncResult<Integer>> during = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        try {
          during.add(twice.delay(100 + i));
        } catch (RuntimeException e) {
          failedAtOnce++;
          assertThat(e).hasMessageContaining("RabbitMQ");
        }
      }
      rabbit.startAgain();
      List<AsyncResult<Integer>> after = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 60_000;
      while (after.isEmpty()) {
        try {
          after.add(twice.delay(21)); // the publisher reconnects by itself
        } catch (RuntimeException e) {
          assertThat(System.currentTimeMillis()).as("publishing resumed").isLessThan(deadline);
          Thread.sleep(500);
        }
      }
      for (int i = 0; i < 20; i++) {
        after.add(twice.delay(i));
      }
      assertThat(after.get(0).get(Duration.ofSeconds(60))).isEqualTo(42);
      for (int i = 0; i < 20; i++) {
        assertThat(after.get(i + 1).get(Duration.ofSeconds(30))).isEqualTo(2 * i);
      }
      assertThat(delayed.get(Duration.ofSeconds(30))).as("the countdown task queued before").isEqualTo(7);
      for (AsyncResult<Integer> r : during) {
        assertThat(r.get(Duration.ofSeconds(30))).as("a publish confirmed during the outage")
            .isGreaterThanOrEqualTo(200);
      }
      System.out.printf("restart: %d of 5 publishes during the outage failed at once, %d were"
          + " confirmed and ran%n", failedAtOnce, during.size());
    } finally {
      app.close();
    }
  }
}
