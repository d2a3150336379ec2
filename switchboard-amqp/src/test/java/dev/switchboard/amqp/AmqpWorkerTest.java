package dev.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.redis.tasks.RedisResultBackend;
import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.CallOptions;
import dev.switchboard.tasks.Signature;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskFailedException;
import dev.switchboard.tasks.TaskRevokedException;
import dev.switchboard.tasks.Worker;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker, canvas and control on the RabbitMQ broker, with results in Redis. */
@Timeout(120)
class AmqpWorkerTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String PREFIX = "sbtest-worker";
  static RedisServer redis;
  final String queue = "w-" + UUID.randomUUID().toString().substring(0, 8);
  final TaskApp app = TaskApp.builder()
      .broker(AmqpBroker.create(RabbitTestSupport.URL + "?prefix=" + PREFIX, Duration.ofSeconds(1)))
      .resultBackend(RedisResultBackend.create(redis.uri(), Duration.ofHours(1), queue))
      .defaultQueue(queue).build();
  final AtomicInteger runs = new AtomicInteger();
  final Task<Integer, Integer> twice =
      app.task("a.twice", Integer.class, Integer.class, (ctx, x) -> {
        runs.incrementAndGet();
        return 2 * x;
      });
  final Task<Integer[], Integer> sum = app.task("a.sum", Integer[].class, Integer.class, (ctx, xs) -> {
    int s = 0;
    for (int x : xs) {
      s += x;
    }
    return s;
  });
  Worker worker;

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
    if (worker != null) {
      worker.shutdown(Duration.ofSeconds(5));
    }
    app.close();
    RabbitTestSupport.deleteQueues(PREFIX, queue);
  }

  void startWorker() {
    worker = Worker.builder(app).concurrency(8).heartbeat(Duration.ofMillis(200)).build().start();
  }

  List<DeadLetter> deadLettersOfThisTest() {
    return app.control().deadLetters(100_000).stream().filter(d -> d.queue().equals(queue)).toList();
  }

  @Test
  void countdownWaitsInRabbitMqAndRunsOnceAcrossSeveralLeases() throws Exception {
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
  void chordAndChainOnRabbitMq() throws Exception {
    startWorker();
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      members.add(twice.s(i));
    }
    AsyncResult<Integer> r = app.chord(members, sum.s());
    assertThat(r.get(WAIT)).isEqualTo(100 * 101);
    assertThat(app.chain(twice.s(1), twice.s(), twice.s()).get(WAIT)).isEqualTo(8);
  }

  @Test
  void malformedAndUnknownMessagesAreDeadLetteredAndTheWorkerGoesOn() throws Exception {
    startWorker();
    app.broker().publish(new Envelope("junk", queue, 5, 0, "not json at all")).join();
    TaskApp other = TaskApp.builder().broker(app.broker()).resultBackend(app.backend())
        .defaultQueue(queue).build();
    AsyncResult<Integer> ghost =
        other.task("a.ghost", Integer.class, Integer.class, (c, x) -> x).delay(1);
    assertThatThrownBy(() -> ghost.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("unknown task name 'a.ghost'");
    assertThat(twice.delay(5).get(WAIT)).isEqualTo(10);
    Awaitility.await().atMost(WAIT).until(() -> deadLettersOfThisTest().size() == 2);
    assertThat(deadLettersOfThisTest()).extracting(DeadLetter::reason)
        .anySatisfy(x -> assertThat(x).startsWith("malformed task message"))
        .anySatisfy(x -> assertThat(x).isEqualTo("unknown task name 'a.ghost'"));
  }

  @Test
  void revokedTaskIsSkippedByAWorkerStartedLater() throws Exception {
    AsyncResult<Integer> r = twice.delay(1);
    r.revoke();
    app.backend().forget(r.id()).join(); // only the broker's revoke record is left
    startWorker();
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskRevokedException.class);
    assertThat(runs).hasValue(0);
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
