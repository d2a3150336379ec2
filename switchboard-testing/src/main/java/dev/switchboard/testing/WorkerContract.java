package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.CallOptions;
import dev.switchboard.tasks.Signature;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskRevokedException;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a worker does the same on every broker and result backend: extend it and build the app.
 * Each test gets a fresh app from {@link #createApp()} (a broker whose lease is about a second,
 * names of its own), with two tasks registered: {@code w.twice} and {@code w.sum}.
 */
@Timeout(120)
public abstract class WorkerContract {
  /** How long a test waits for a result. */
  protected static final Duration WAIT = Duration.ofSeconds(20);

  /** The app under test. */
  protected TaskApp app;
  /** How often {@link #twice} ran. */
  protected final AtomicInteger runs = new AtomicInteger();
  /** Doubles its argument, counting its runs. */
  protected Task<Integer, Integer> twice;
  /** Sums its arguments. */
  protected Task<Integer[], Integer> sum;
  /** The worker, once {@link #startWorker()} ran. */
  protected Worker worker;

  /** Builds the app under test: a broker with a lease of about a second and a result backend. */
  protected abstract TaskApp createApp();

  /** Called after the app is closed, to clean up what the test left on a shared server. */
  protected void afterClose() throws Exception {}

  @BeforeEach
  void createAppUnderTest() {
    app = createApp();
    twice = app.task("w.twice", Integer.class, Integer.class, (ctx, x) -> {
      runs.incrementAndGet();
      return 2 * x;
    });
    sum = app.task("w.sum", Integer[].class, Integer.class, (ctx, xs) -> {
      int s = 0;
      for (int x : xs) {
        s += x;
      }
      return s;
    });
  }

  @AfterEach
  void closeAppUnderTest() throws Exception {
    if (worker != null) {
      worker.shutdown(Duration.ofSeconds(5));
    }
    app.close();
    afterClose();
  }

  /** Starts a worker of concurrency 8 with a fast heartbeat. */
  protected void startWorker() {
    worker = Worker.builder(app).concurrency(8).heartbeat(Duration.ofMillis(200)).build().start();
  }

  @Test
  void countdownWaitsInTheBrokerAndRunsOnceAcrossSeveralLeases() throws Exception {
    startWorker();
    long sent = System.currentTimeMillis();
    AsyncResult<Integer> r = twice.applyAsync(21,
        CallOptions.builder().countdown(Duration.ofMillis(1500)).build());
    assertThat(app.broker().delayedSize().join()).isEqualTo(1);
    assertThat(r.get(WAIT)).isEqualTo(42);
    assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(1500);
    Thread.sleep(2500); // more than two leases
    assertThat(runs).hasValue(1);
  }

  @Test
  void chordCallsBackOnceWithAllResultsAndChainsPassResultsOn() throws Exception {
    startWorker();
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      members.add(twice.s(i));
    }
    assertThat(app.chord(members, sum.s()).get(WAIT)).isEqualTo(100 * 101);
    assertThat(app.chain(twice.s(1), twice.s(), twice.s()).get(WAIT)).isEqualTo(8);
  }

  @Test
  void revokedTaskIsSkippedByAWorkerStartedLater() throws Exception {
    AsyncResult<Integer> r = twice.delay(1);
    r.revoke();
    app.backend().forget(r.id()).join(); // only the broker's revoke record is left
    startWorker();
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskRevokedException.class);
    assertThat(runs).hasValue(0);
    assertThat(r.state()).isEqualTo(TaskState.REVOKED);
  }

  @Test
  void heartbeatsShowTheLiveWorker() {
    startWorker();
    Awaitility.await().atMost(WAIT).until(() -> app.control().workers().stream()
        .anyMatch(w -> w.id().equals(worker.id())));
    assertThat(app.control().workers()).filteredOn(w -> w.id().equals(worker.id()))
        .singleElement().satisfies(w -> assertThat(w.concurrency()).isEqualTo(8));
  }
}
