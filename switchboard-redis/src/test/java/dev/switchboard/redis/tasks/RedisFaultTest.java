package dev.switchboard.redis.tasks;

import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WorkerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.Worker;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on real processes and a real Redis: worker JVMs killed with SIGKILL mid-task, a warm
 * shutdown by SIGTERM, and a Redis server killed and restarted on the same port.
 */
@Timeout(300)
class RedisFaultTest {
  static RedisServer redis;
  String prefix;
  FaultTasks tasks;
  final List<WorkerProcess> processes = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void setUp() {
    prefix = "f" + UUID.randomUUID().toString().substring(0, 8);
    tasks = FaultTasks.on(redis.uri(), prefix);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (WorkerProcess p : processes) {
      p.close();
    }
    tasks.app.close();
  }

  WorkerProcess worker(int concurrency) throws Exception {
    WorkerProcess p = WorkerProcess.start(WorkerMain.class, redis.uri(), prefix,
        Integer.toString(concurrency));
    processes.add(p);
    return p;
  }

  @Test
  void taskOfAKilledWorkerIsFinishedByAnotherAndNotLost() throws Exception {
    WorkerProcess doomed = worker(2);
    AsyncResult<String> r = tasks.sleep.delay(3_000L);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      TaskResult rec = r.record();
      return rec != null && doomed.workerId().equals(rec.worker());
    });
    doomed.kill();
    WorkerProcess survivor = worker(2);
    assertThat(r.get(Duration.ofSeconds(60))).isEqualTo(survivor.workerId());
    assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void longTaskOnALiveWorkerIsNeverTakenOver() throws Exception {
    WorkerProcess a = worker(1);
    WorkerProcess b = worker(1);
    // Four leases long: without renewal the other worker would reclaim it three times over.
    AsyncResult<String> r = tasks.sleep.delay(FaultTasks.LEASE.toMillis() * 4);
    String ranOn = r.get(Duration.ofSeconds(60));
    assertThat(ranOn).isIn(a.workerId(), b.workerId());
    assertThat(r.record().retries()).isZero();
    // A second run would have restarted the progress steps; the last step count proves one run.
    assertThat(((Number) r.progress().get("step")).intValue()).isGreaterThan(20);
  }

  @Test
  void sigtermFinishesTheRunningTaskAndReturnsTheRest() throws Exception {
    WorkerProcess w = worker(1);
    List<AsyncResult<String>> rs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rs.add(tasks.sleep.delay(1_000L));
    }
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> rs.stream().anyMatch(r -> r.state() == TaskState.PROGRESS));
    // The JVM exits with 143 (128 + SIGTERM) after its shutdown hooks ran.
    assertThat(w.terminate()).isEqualTo(143);
    assertThat(w.awaitLine("STOPPED", 5)).isEqualTo("STOPPED clean");
    long done = rs.stream().filter(r -> r.state() == TaskState.SUCCESS).count();
    assertThat(done).as("the task running at SIGTERM finished").isGreaterThanOrEqualTo(1);
    WorkerProcess next = worker(2);
    for (AsyncResult<String> r : rs) {
      assertThat(r.get(Duration.ofSeconds(30))).isNotNull();
    }
    assertThat(rs.stream().filter(r -> next.workerId().equals(r.result())).count())
        .as("the returned tasks ran on the next worker").isEqualTo(3 - done);
  }

  @Test
  void workersReconnectAfterRedisRestartsAndKeepConsuming() throws Exception {
    Worker inProcess = Worker.builder(tasks.app).concurrency(4).build().start();
    try {
      assertThat(tasks.quick.delay(1).get(Duration.ofSeconds(10))).isEqualTo(1);
      redis.restart();
      // The producer's connection reconnects too: its commands wait for the reconnect.
      List<AsyncResult<Integer>> after = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        after.add(tasks.quick.delay(i));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(after.get(i).get(Duration.ofSeconds(30))).isEqualTo(i);
      }
      redis.restart();
      assertThat(tasks.quick.delay(77).get(Duration.ofSeconds(30))).isEqualTo(77);
    } finally {
      inProcess.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void tenThousandTasksAcrossWorkerCrashesAllGetAResult() throws Exception {
    int n = 10_000;
    WorkerProcess a = worker(16);
    WorkerProcess b = worker(16);
    List<Integer> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(i);
    }
    List<AsyncResult<Integer>> rs = new ArrayList<>(n);
    for (int from = 0; from < n; from += 1_000) {
      rs.addAll(tasks.quick.delayAll(args.subList(from, from + 1_000)));
    }
    // Crash one worker while the queue drains, then the other, replacing each.
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> tasks.app.control().queueSize("default") < n * 3 / 4);
    a.kill();
    WorkerProcess c = worker(16);
    Awaitility.await().atMost(Duration.ofSeconds(60))
        .until(() -> tasks.app.control().queueSize("default") < n / 3);
    b.kill();
    worker(16);
    List<CompletableFuture<Integer>> all = new ArrayList<>(n);
    for (AsyncResult<Integer> r : rs) {
      all.add(r.future());
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
    for (int i = 0; i < n; i++) {
      assertThat(all.get(i).join()).isEqualTo(i);
    }
    assertThat(c.workerId()).isNotNull();
  }

  @Test
  void taskThatHaltsItsWorkerEveryTimeIsDeadLetteredAfterMaxDeliveries() throws Exception {
    AsyncResult<Integer> r = tasks.halt.delay(3);
    for (int i = 1; i <= FaultTasks.MAX_DELIVERIES; i++) {
      WorkerProcess w = worker(1);
      assertThat(w.awaitExit(60)).as("worker " + i + " halted on the task").isTrue();
    }
    worker(1);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tasks.app.control()
        .deadLetters(100).stream().anyMatch(d -> d.body().contains(r.id())));
    assertThat(tasks.app.control().deadLetters(100)).filteredOn(d -> d.body().contains(r.id()))
        .singleElement().satisfies(d -> assertThat(d.reason())
            .contains("delivered " + FaultTasks.MAX_DELIVERIES + " times"));
    assertThat(tasks.quick.delay(8).get(Duration.ofSeconds(20))).as("the survivor works").isEqualTo(8);
  }
}
