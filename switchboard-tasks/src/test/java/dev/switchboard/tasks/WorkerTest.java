package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkerTest {
  record Add(int a, int b) {}

  static final Duration WAIT = Duration.ofSeconds(10);

  final TaskApp app =
      TaskApp.builder().broker(new InMemoryBroker(Duration.ofMillis(500)))
          .resultBackend(new InMemoryResultBackend()).build();
  Worker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.shutdown(Duration.ofSeconds(5));
    }
    app.close();
  }

  Worker start(int concurrency) {
    worker = Worker.builder(app).concurrency(concurrency).heartbeat(Duration.ofMillis(100))
        .build().start();
    return worker;
  }

  @Test
  void delayRunsTheTaskAndGetReturnsItsResult() throws Exception {
    Task<Add, Integer> add = app.task("math.add", Add.class, Integer.class, (ctx, a) -> a.a() + a.b());
    start(4);
    AsyncResult<Integer> r = add.delay(new Add(2, 3));
    assertThat(r.get(WAIT)).isEqualTo(5);
    assertThat(r.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(r.result()).isEqualTo(5);
    assertThat(r.record().startedMicros()).isGreaterThanOrEqualTo(r.record().sentMicros());
  }

  @Test
  void failureCarriesRemoteTypeMessageAndStackTrace() throws Exception {
    Task<Add, Integer> boom = app.task("math.boom", Add.class, Integer.class, (ctx, a) -> {
      throw new IllegalStateException("cannot add " + a.a());
    });
    start(2);
    AsyncResult<Integer> r = boom.delay(new Add(7, 1));
    assertThatThrownBy(() -> r.get(WAIT))
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("math.boom[" + r.id() + "]")
        .hasMessageContaining("cannot add 7");
    TaskFailure f = r.failure();
    assertThat(f.type()).isEqualTo("java.lang.IllegalStateException");
    assertThat(f.message()).isEqualTo("cannot add 7");
    assertThat(f.stackTrace()).contains("at dev.switchboard.tasks.WorkerTest");
    assertThat(r.state()).isEqualTo(TaskState.FAILURE);
  }

  @Test
  void progressIsStoredAndReadable() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Task<Add, String> slow = app.task("slow.progress", Add.class, String.class, (ctx, a) -> {
      ctx.updateState("PROGRESS", Map.of("done", 3, "total", 10));
      reported.countDown();
      release.await();
      return "ok";
    });
    start(2);
    AsyncResult<String> r = slow.delay(new Add(0, 0));
    assertThat(reported.await(10, TimeUnit.SECONDS)).as("timed out waiting for progress").isTrue();
    assertThat(r.state()).isEqualTo(TaskState.PROGRESS);
    assertThat(r.progress()).containsEntry("done", 3).containsEntry("total", 10);
    assertThatThrownBy(() -> r.get(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("PROGRESS");
    release.countDown();
    assertThat(r.get(WAIT)).isEqualTo("ok");
  }

  @Test
  void retryWithCountdownRunsAgainAndRecordsRetries() throws Exception {
    BlockingQueue<Integer> runs = new LinkedBlockingQueue<>();
    Task<Add, Integer> flaky = app.task("flaky.retry", Add.class, Integer.class, (ctx, a) -> {
      runs.add(ctx.retries());
      if (ctx.retries() < 2) {
        throw ctx.retry(new IOException("try again"), Duration.ofMillis(50));
      }
      return ctx.retries();
    });
    start(2);
    AsyncResult<Integer> r = flaky.delay(new Add(0, 0));
    assertThat(r.get(WAIT)).isEqualTo(2);
    assertThat(List.copyOf(runs)).containsExactly(0, 1, 2);
    assertThat(r.record().retries()).isEqualTo(2);
  }

  @Test
  void autoretryStopsAtMaxRetriesAndFailsWithTheCause() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Task<Add, Integer> broken = app.task("flaky.auto", Add.class, Integer.class, (ctx, a) -> {
      runs.incrementAndGet();
      throw new IOException("disk gone");
    }, o -> o.maxRetries(2).autoretryFor(IOException.class)
        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)));
    start(2);
    AsyncResult<Integer> r = broken.delay(new Add(0, 0));
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("java.io.IOException: disk gone");
    assertThat(runs).hasValue(3);
  }

  @Test
  void errorsNotListedForAutoretryFailAtOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Task<Add, Integer> broken = app.task("flaky.other", Add.class, Integer.class, (ctx, a) -> {
      runs.incrementAndGet();
      throw new IllegalArgumentException("bad input");
    }, o -> o.autoretryFor(IOException.class));
    start(2);
    assertThatThrownBy(() -> broken.delay(new Add(0, 0)).get(WAIT))
        .isInstanceOf(TaskFailedException.class);
    assertThat(runs).hasValue(1);
  }

  @Test
  void softTimeLimitInterruptsTheTask() throws Exception {
    Task<Add, Integer> sleepy = app.task("slow.soft", Add.class, Integer.class, (ctx, a) -> {
      Thread.sleep(30_000);
      return 1;
    }, o -> o.softTimeLimit(Duration.ofMillis(200)));
    start(2);
    AsyncResult<Integer> r = sleepy.delay(new Add(0, 0));
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class);
    assertThat(r.failure().type()).isEqualTo(SoftTimeLimitExceeded.class.getName());
  }

  @Test
  void softTimeLimitCanBeCaughtToReturnAPartialResult() throws Exception {
    Task<Add, String> careful = app.task("slow.careful", Add.class, String.class, (ctx, a) -> {
      try {
        Thread.sleep(30_000);
        return "complete";
      } catch (InterruptedException e) {
        return ctx.softTimeLimitExceeded() ? "partial" : "interrupted";
      }
    }, o -> o.softTimeLimit(Duration.ofMillis(100)));
    start(2);
    assertThat(careful.delay(new Add(0, 0)).get(WAIT)).isEqualTo("partial");
  }

  @Test
  void hardTimeLimitFailsATaskThatIgnoresInterruptsAndFreesItsSlot() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Task<Add, Integer> stubborn = app.task("slow.hard", Add.class, Integer.class, (ctx, a) -> {
      while (never.getCount() > 0) {
        try {
          never.await();
        } catch (InterruptedException ignored) {
          // ignores interrupts on purpose
        }
      }
      return 1;
    }, o -> o.hardTimeLimit(Duration.ofMillis(200)));
    Task<Add, Integer> add = app.task("math.add2", Add.class, Integer.class, (ctx, a) -> a.a() + a.b());
    start(1);
    AsyncResult<Integer> r = stubborn.delay(new Add(0, 0));
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining(TimeLimitExceeded.class.getName());
    // concurrency 1: the next task runs only if the abandoned one gave its slot back
    assertThat(add.delay(new Add(1, 1)).get(WAIT)).isEqualTo(2);
    never.countDown();
  }

  @Test
  void rateLimitSpacesStarts() throws Exception {
    BlockingQueue<Long> starts = new LinkedBlockingQueue<>();
    Task<Add, Integer> limited = app.task("limited", Add.class, Integer.class, (ctx, a) -> {
      starts.add(System.nanoTime());
      return 0;
    }, o -> o.rateLimit("10/s"));
    start(8);
    List<AsyncResult<Integer>> rs = limited.delayAll(List.of(
        new Add(0, 0), new Add(0, 0), new Add(0, 0), new Add(0, 0), new Add(0, 0),
        new Add(0, 0), new Add(0, 0), new Add(0, 0), new Add(0, 0), new Add(0, 0),
        new Add(0, 0), new Add(0, 0), new Add(0, 0), new Add(0, 0), new Add(0, 0)));
    for (AsyncResult<Integer> r : rs) {
      r.get(WAIT);
    }
    List<Long> sorted = starts.stream().sorted().toList();
    // a burst of 10 may start at once; the other 5 follow at 100 ms intervals
    long span = TimeUnit.NANOSECONDS.toMillis(sorted.get(14) - sorted.get(0));
    assertThat(span).isBetween(400L, 2_000L);
  }

  @Test
  void countdownDelaysTheStartAndRunsOnce() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Task<Add, Long> later = app.task("later", Add.class, Long.class, (ctx, a) -> {
      runs.incrementAndGet();
      return System.currentTimeMillis();
    });
    start(2);
    long sent = System.currentTimeMillis();
    AsyncResult<Long> r = later.applyAsync(new Add(0, 0),
        CallOptions.builder().countdown(Duration.ofMillis(300)).build());
    assertThat(app.broker().delayedSize().join()).isEqualTo(1);
    assertThat(r.get(WAIT) - sent).isGreaterThanOrEqualTo(300);
    Thread.sleep(700); // longer than the lease: a lapsed lease would show as a second run
    assertThat(runs).hasValue(1);
  }

  @Test
  void expiredTaskIsRevokedWithoutRunning() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Task<Add, Integer> t = app.task("expiring", Add.class, Integer.class, (ctx, a) -> runs.incrementAndGet());
    AsyncResult<Integer> r = t.applyAsync(new Add(0, 0), CallOptions.builder()
        .countdown(Duration.ofMillis(200)).expires(Duration.ofMillis(100)).build());
    start(2);
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskRevokedException.class)
        .hasMessageContaining("expired");
    assertThat(runs).hasValue(0);
  }

  @Test
  void revokeBeforeStartSkipsAndRevokeWhileRunningInterrupts() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    Task<Add, Integer> t = app.task("revocable", Add.class, Integer.class, (ctx, a) -> {
      running.countDown();
      Thread.sleep(30_000);
      return 1;
    });
    AsyncResult<Integer> queued = t.delay(new Add(0, 0));
    queued.revoke();
    assertThat(queued.state()).isEqualTo(TaskState.REVOKED);
    start(2);
    AsyncResult<Integer> live = t.delay(new Add(0, 1));
    assertThat(running.await(10, TimeUnit.SECONDS)).as("timed out waiting for the task to run").isTrue();
    live.revoke();
    assertThatThrownBy(() -> live.get(WAIT)).isInstanceOf(TaskRevokedException.class);
    assertThatThrownBy(() -> queued.get(WAIT)).isInstanceOf(TaskRevokedException.class);
    // The REVOKED result is stored before the interrupted task's thread has unwound and left the
    // active count, so a waiter can see it first.
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> worker.active() == 0);
  }

  @Test
  void revocationsSurviveAWorkerRestart() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Task<Add, Integer> t = app.task("revoked.restart", Add.class, Integer.class,
        (ctx, a) -> runs.incrementAndGet());
    AsyncResult<Integer> r = t.applyAsync(new Add(0, 0),
        CallOptions.builder().countdown(Duration.ofMillis(300)).build());
    app.control().revoke(r.id());
    // a result backend without the REVOKED record (it expired, or another backend) must not matter
    app.backend().forget(r.id()).join();
    start(1);
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskRevokedException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void unknownTaskNamesAndMalformedMessagesGoToDeadLetters() throws Exception {
    TaskApp other = TaskApp.builder().broker(app.broker()).resultBackend(app.backend()).build();
    Task<Add, Integer> ghost = other.task("ghost", Add.class, Integer.class, (c, a) -> 0);
    Task<Add, Integer> add = app.task("math.add3", Add.class, Integer.class, (c, a) -> a.a() + a.b());
    start(2);
    AsyncResult<Integer> r = ghost.delay(new Add(0, 0));
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining(NotRegistered.class.getName());
    app.broker().publish(new dev.switchboard.tasks.spi.Envelope("x", "default", 5, 0, "{not json"));
    assertThat(add.delay(new Add(2, 2)).get(WAIT)).as("the worker survives").isEqualTo(4);
    org.awaitility.Awaitility.await().atMost(WAIT)
        .until(() -> app.control().deadLetters(10).size() == 2);
    List<String> reasons = app.control().deadLetters(10).stream().map(d -> d.reason()).toList();
    assertThat(reasons).anySatisfy(x -> assertThat(x).contains("unknown task name 'ghost'"));
    assertThat(reasons).anySatisfy(x -> assertThat(x).startsWith("malformed task message"));
  }

  @Test
  void heartbeatsListLiveWorkersAndShutdownRemovesThem() throws Exception {
    start(3);
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !app.control().workers().isEmpty());
    WorkerInfo info = app.control().workers().get(0);
    assertThat(info.id()).isEqualTo(worker.id());
    assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(info.queues()).containsExactly("default");
    assertThat(info.concurrency()).isEqualTo(3);
    worker.shutdown(Duration.ofSeconds(1));
    assertThat(app.control().workers()).isEmpty();
  }

  @Test
  void warmShutdownFinishesRunningTasksAndReturnsWaitingOnes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Task<Add, Integer> t = app.task("slow.shutdown", Add.class, Integer.class, (ctx, a) -> {
      started.countDown();
      Thread.sleep(300);
      return a.a();
    });
    worker = Worker.builder(app).concurrency(1).prefetch(3).build().start();
    List<AsyncResult<Integer>> rs = t.delayAll(List.of(new Add(1, 0), new Add(2, 0), new Add(3, 0)));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.shutdown(Duration.ofSeconds(5))).isTrue();
    long done = rs.stream().filter(r -> r.state() == TaskState.SUCCESS).count();
    assertThat(done).isEqualTo(1);
    assertThat(app.control().queueSize("default")).isEqualTo(2);
    worker = Worker.builder(app).concurrency(2).build().start();
    for (AsyncResult<Integer> r : rs) {
      r.get(WAIT);
    }
  }

  @Test
  void shutdownTimeoutReturnsRunningTasksToTheQueue() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Task<Add, Integer> t = app.task("slow.requeue", Add.class, Integer.class, (ctx, a) -> {
      if (runs.incrementAndGet() == 1) {
        started.countDown();
        Thread.sleep(30_000);
      }
      return 9;
    });
    worker = Worker.builder(app).concurrency(1).build().start();
    AsyncResult<Integer> r = t.delay(new Add(0, 0));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.shutdown(Duration.ofMillis(200))).isFalse();
    assertThat(app.control().queueSize("default")).isEqualTo(1);
    worker = Worker.builder(app).concurrency(1).build().start();
    assertThat(r.get(WAIT)).isEqualTo(9);
    assertThat(runs).hasValue(2);
  }

  @Test
  void higherPriorityRunsFirst() throws Exception {
    BlockingQueue<Integer> order = new LinkedBlockingQueue<>();
    Task<Add, Integer> t = app.task("prio", Add.class, Integer.class, (ctx, a) -> {
      order.add(a.a());
      return a.a();
    });
    for (int p : new int[] {1, 9, 5}) {
      t.applyAsync(new Add(p, 0), CallOptions.builder().priority(p).build());
    }
    worker = Worker.builder(app).concurrency(1).prefetch(1).build().start();
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> order.size() == 3);
    assertThat(List.copyOf(order)).containsExactly(9, 5, 1);
  }
}
