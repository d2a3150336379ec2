package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.memory.InMemoryBeatStore;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BeatTest {
  final TaskApp app = TaskApp.builder().build();
  final BlockingQueue<Long> ticks = new LinkedBlockingQueue<>();
  final Task<Integer, Integer> tick = app.task("beat.tick", Integer.class, Integer.class, (ctx, n) -> {
    ticks.add(System.currentTimeMillis());
    return n;
  });
  final Worker worker = Worker.builder(app).concurrency(4).build().start();

  @AfterEach
  void tearDown() {
    worker.shutdown(Duration.ofSeconds(5));
    app.close();
  }

  @Test
  void fixedRateRunsAtTheRateAndOnlyTheLeaderSends() throws Exception {
    InMemoryBeatStore store = new InMemoryBeatStore();
    Beat a = Beat.builder(app).store(store).leaseTtl(Duration.ofMillis(300))
        .entry("tick", tick.s(1), Schedule.every(Duration.ofMillis(200))).build().start();
    Beat b = Beat.builder(app).store(store).leaseTtl(Duration.ofMillis(300))
        .entry("tick", tick.s(1), Schedule.every(Duration.ofMillis(200))).build().start();
    try {
      Thread.sleep(1_100);
      assertThat(a.leading() ^ b.leading()).as("exactly one leader").isTrue();
      // about 6 runs in 1.1 s at 200 ms; two senders would double it
      assertThat(a.sent() + b.sent()).isBetween(4L, 7L);
      Beat leader = a.leading() ? a : b;
      Beat follower = leader == a ? b : a;
      long before = a.sent() + b.sent();
      leader.close();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(follower::leading);
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> follower.sent() > 0
          && a.sent() + b.sent() >= before + 2);
    } finally {
      a.close();
      b.close();
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ticks.size() >= 6);
  }

  @Test
  void cronEntryDoesNotRunAtStart() throws Exception {
    Beat beat = Beat.builder(app).leaseTtl(Duration.ofMillis(300))
        .entry("nightly", tick.s(2), Schedule.cron("0 3 * * *", ZoneId.of("Europe/Paris")))
        .build().start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(beat::leading);
      assertThat(ticks.poll(500, TimeUnit.MILLISECONDS)).isNull();
      assertThat(beat.sent()).isZero();
    } finally {
      beat.close();
    }
  }
}
