package dev.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.CallOptions;
import dev.switchboard.tasks.Worker;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on real processes with the RabbitMQ broker: worker JVMs killed with SIGKILL in the middle
 * of 10,000 tasks and before a countdown task is due, and a task longer than any lease. Each run
 * is counted in Redis, so lost tasks and duplicates are measured, not guessed.
 */
@Timeout(300)
class AmqpFaultTest {
  static RedisServer redis;
  final String prefix = "f" + UUID.randomUUID().toString().substring(0, 8);
  final AmqpFaultTasks tasks = new AmqpFaultTasks(RabbitTestSupport.URL, redis.uri(), prefix);
  final List<WorkerProcess> processes = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (WorkerProcess p : processes) {
      p.close();
    }
    tasks.close();
    RabbitTestSupport.deleteAll(prefix, prefix);
  }

  WorkerProcess worker(int concurrency) throws Exception {
    WorkerProcess p = WorkerProcess.start(AmqpWorkerMain.class, RabbitTestSupport.URL,
        redis.uri(), prefix, Integer.toString(concurrency));
    processes.add(p);
    return p;
  }

  @Test
  void tenThousandTasksThroughAKill9LoseNoneAndDuplicatesAreCounted() throws Exception {
    int n = 10_000;
    WorkerProcess a = worker(16);
    worker(16);
    List<Integer> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(i);
    }
    List<AsyncResult<Integer>> rs = new ArrayList<>(n);
    for (int from = 0; from < n; from += 1_000) {
      rs.addAll(tasks.quick.delayAll(args.subList(from, from + 1_000)));
    }
    Awaitility.await().atMost(Duration.ofSeconds(120))
        .until(() -> tasks.app.control().queueSize(prefix) < n * 3 / 4);
    a.kill(); // kill -9 one of the two, mid-stream
    worker(16);
    List<CompletableFuture<Integer>> all = new ArrayList<>(n);
    for (AsyncResult<Integer> r : rs) {
      all.add(r.future());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);
    for (int i = 0; i < n; i++) {
      assertThat(all.get(i).join()).isEqualTo(i);
    }
    long runs = tasks.totalRuns();
    System.out.printf("amqp kill -9: %d tasks, 0 lost, %d runs, %d started twice or more%n", n,
        runs, runs - n);
    assertThat(runs).as("every task ran at least once").isGreaterThanOrEqualTo(n);
    assertThat(runs - n).as("duplicates: at most the killed worker's held tasks").isLessThan(200);
  }

  @Test
  void countdownTaskWhoseWorkerIsKilledBeforeItIsDueRunsOnce() throws Exception {
    WorkerProcess doomed = worker(2);
    AsyncResult<Integer> r = tasks.quick.applyAsync(5,
        CallOptions.builder().countdown(Duration.ofSeconds(3)).build());
    doomed.kill();
    worker(2);
    assertThat(r.get(Duration.ofSeconds(30))).isEqualTo(5);
    Thread.sleep(2 * AmqpFaultTasks.LEASE.toMillis());
    assertThat(tasks.runs(r.id())).isEqualTo(1);
  }

  @Test
  void taskLongerThanSeveralLeasesOnALiveWorkerRunsOnce() throws Exception {
    try (Worker w = Worker.builder(tasks.app).concurrency(2).build().start()) {
      worker(2); // a second consumer that could take the task over if its lease lapsed
      AsyncResult<String> r = tasks.sleep.delay(AmqpFaultTasks.LEASE.toMillis() * 4);
      r.get(Duration.ofSeconds(60));
      Thread.sleep(AmqpFaultTasks.LEASE.toMillis());
      assertThat(tasks.runs(r.id())).isEqualTo(1);
      assertThat(w.id()).isNotNull();
    }
  }

  @Test
  void taskThatHaltsItsWorkerEveryTimeIsDeadLetteredAfterMaxDeliveries() throws Exception {
    AsyncResult<Integer> r = tasks.halt.delay(3);
    for (int i = 1; i <= AmqpFaultTasks.MAX_DELIVERIES; i++) {
      WorkerProcess w = worker(1);
      assertThat(w.awaitExit(60)).as("worker " + i + " halted on the task").isTrue();
    }
    WorkerProcess survivor = worker(1);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tasks.app.control()
        .deadLetters(100_000).stream().anyMatch(d -> d.body().contains(r.id())));
    assertThat(tasks.app.control().deadLetters(100_000))
        .filteredOn(d -> d.body().contains(r.id())).singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("delivered 3 times"));
    assertThat(tasks.runs(r.id())).isEqualTo(AmqpFaultTasks.MAX_DELIVERIES);
    assertThat(tasks.quick.delay(8).get(Duration.ofSeconds(20))).as("the survivor works").isEqualTo(8);
    assertThat(survivor.awaitExit(0)).isFalse();
  }
}
