package dev.switchboard.redis.tasks;

import dev.switchboard.testing.RedisServer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.Beat;
import dev.switchboard.tasks.Schedule;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.Worker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three beats on one Redis: one leader sends, and a run is never sent twice. */
@Timeout(60)
class RedisBeatTest {
  static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Test
  void threeNodesSendEachRunOnceAndAFollowerTakesOver() throws Exception {
    String prefix = "b" + UUID.randomUUID().toString().substring(0, 8);
    AtomicInteger runs = new AtomicInteger();
    try (TaskApp app = TaskApp.builder()
        .broker(RedisBroker.create(redis.uri(), Duration.ofSeconds(5), prefix))
        .resultBackend(RedisResultBackend.create(redis.uri(), Duration.ofMinutes(5), prefix))
        .build()) {
      Task<Integer, Integer> tick = app.task("beat.tick", Integer.class, Integer.class,
          (ctx, n) -> runs.incrementAndGet());
      Worker worker = Worker.builder(app).concurrency(4).build().start();
      Beat[] beats = new Beat[3];
      RedisBeatStore[] stores = new RedisBeatStore[3];
      for (int i = 0; i < 3; i++) {
        stores[i] = RedisBeatStore.create(redis.uri(), prefix);
        beats[i] = Beat.builder(app).store(stores[i])
            .leaseTtl(Duration.ofMillis(600))
            .entry("tick", tick.s(0), Schedule.every(Duration.ofMillis(250))).build().start();
      }
      try {
        Thread.sleep(2_000);
        int leaders = 0;
        for (Beat b : beats) {
          leaders += b.leading() ? 1 : 0;
        }
        assertThat(leaders).isEqualTo(1);
        long sent = beats[0].sent() + beats[1].sent() + beats[2].sent();
        assertThat(sent).as("runs in 2 s at 250 ms").isBetween(6L, 10L);
        Beat leader = beats[0].leading() ? beats[0] : beats[1].leading() ? beats[1] : beats[2];
        leader.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
          int n = 0;
          for (Beat b : beats) {
            n += b != leader && b.leading() ? 1 : 0;
          }
          return n == 1;
        });
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> runs.get() >= sent + 3);
      } finally {
        for (Beat b : beats) {
          b.close();
        }
        for (RedisBeatStore s : stores) {
          s.close();
        }
        worker.shutdown(Duration.ofSeconds(5));
      }
    }
  }
}
