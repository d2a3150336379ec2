package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.WorkerInfo;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every task {@link Broker} passes unchanged: extend it and build the broker.
 *
 * <pre>{@code
 * class RedisBrokerTest extends BrokerContract {
 *   protected Broker createBroker(Duration lease) { return RedisBroker.create(uri, lease); }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh broker with a short lease ({@link #LEASE}) and a unique queue name,
 * so implementations backed by a shared server need no cleanup between tests. Times are real:
 * leases and delays of a few hundred milliseconds.
 */
@Timeout(60)
public abstract class BrokerContract {
  /** The lease every test broker is built with. */
  protected static final Duration LEASE = Duration.ofMillis(600);
  private static final long WAIT_S = 10;

  /** The broker under test, built before each test. */
  protected Broker broker;
  /** A queue name unique to the test. */
  protected String queue;
  private final List<Consumption> consumptions = new ArrayList<>();

  /** Builds the broker under test with deliveries leased for {@code lease}. */
  protected abstract Broker createBroker(Duration lease);

  @BeforeEach
  void createBrokerUnderTest() {
    broker = createBroker(LEASE);
    queue = "q-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeBrokerUnderTest() {
    consumptions.forEach(Consumption::close);
    broker.close();
  }

  /** Returns a message for the test queue. */
  protected Envelope envelope(String body, int priority, long etaMillis) {
    return new Envelope(body, queue, priority, etaMillis, body);
  }

  /** Starts a consumer that records its deliveries. */
  protected BlockingQueue<Delivery> consume(String name, int prefetch) {
    BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    consumptions.add(broker.consume(name, List.of(queue), prefetch, got::add));
    return got;
  }

  /** Takes the next delivery or fails with "timed out waiting for ...". */
  protected static Delivery next(BlockingQueue<Delivery> q, String what) throws InterruptedException {
    Delivery d = q.poll(WAIT_S, TimeUnit.SECONDS);
    assertThat(d).as("timed out waiting for " + what).isNotNull();
    return d;
  }

  @Test
  void publishedMessageIsDeliveredAndAckRemovesIt() throws Exception {
    broker.publish(envelope("m1", 5, 0)).join();
    BlockingQueue<Delivery> got = consume("c1", 4);
    Delivery d = next(got, "m1");
    assertThat(d.body()).isEqualTo("m1");
    assertThat(d.queue()).isEqualTo(queue);
    assertThat(d.redelivered()).isFalse();
    d.ack().join();
    assertThat(got.poll(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS))
        .as("an acknowledged message is never delivered again").isNull();
    assertThat(broker.size(queue).join()).isZero();
  }

  @Test
  void prefetchBoundsUnsettledDeliveries() throws Exception {
    List<Envelope> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(envelope("m" + i, 5, 0));
    }
    broker.publishAll(batch).join();
    BlockingQueue<Delivery> got = consume("c1", 3);
    List<Delivery> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(next(got, "delivery " + i));
    }
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("a fourth delivery beyond prefetch 3").isNull();
    held.get(0).ack().join();
    Delivery fourth = next(got, "the delivery after an ack");
    assertThat(fourth.body()).isEqualTo("m3");
    assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void samepriorityIsFifoAndHigherPriorityGoesFirst() throws Exception {
    broker.publish(envelope("low", 1, 0)).join();
    broker.publish(envelope("normal-a", 5, 0)).join();
    broker.publish(envelope("high", 9, 0)).join();
    broker.publish(envelope("normal-b", 5, 0)).join();
    BlockingQueue<Delivery> got = consume("c1", 1);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Delivery d = next(got, "delivery " + i);
      order.add(d.body());
      d.ack().join();
    }
    assertThat(order).containsExactly("high", "normal-a", "normal-b", "low");
  }

  @Test
  void delayedMessageWaitsInTheBrokerAndIsDeliveredOnceWhenDue() throws Exception {
    BlockingQueue<Delivery> got = consume("c1", 4);
    long due = System.currentTimeMillis() + 700;
    broker.publish(envelope("later", 5, due)).join();
    assertThat(broker.delayedSize().join()).isEqualTo(1);
    assertThat(broker.size(queue).join()).isZero();
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("delivered before its ETA").isNull();
    Delivery d = next(got, "the delayed message");
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(due);
    assertThat(d.body()).isEqualTo("later");
    d.ack().join();
    assertThat(broker.delayedSize().join()).isZero();
    assertThat(got.poll(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS)).as("a second delivery").isNull();
  }

  @Test
  void lapsedLeaseIsReclaimedByAnotherConsumer() throws Exception {
    BlockingQueue<Delivery> first = consume("dying", 1);
    broker.publish(envelope("orphan", 5, 0)).join();
    Delivery held = next(first, "the first delivery");
    consumptions.get(0).close(); // the holder stops fetching and never settles: it is "dead"
    BlockingQueue<Delivery> second = consume("survivor", 1);
    Delivery again = next(second, "the reclaimed delivery");
    assertThat(again.body()).isEqualTo("orphan");
    assertThat(again.redelivered()).isTrue();
    again.ack().join();
    held.ack().join(); // a late ack from the old holder is harmless
    assertThat(second.poll(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void extendedLeaseIsNeverReclaimed() throws Exception {
    BlockingQueue<Delivery> first = consume("alive", 1);
    broker.publish(envelope("long-task", 5, 0)).join();
    Delivery held = next(first, "the delivery");
    BlockingQueue<Delivery> second = consume("other", 1);
    long end = System.currentTimeMillis() + LEASE.toMillis() * 4;
    while (System.currentTimeMillis() < end) {
      broker.extendLeases(List.of(held)).join();
      assertThat(second.poll(LEASE.toMillis() / 3, TimeUnit.MILLISECONDS))
          .as("a delivery whose lease is renewed was taken over").isNull();
    }
    held.ack().join();
    assertThat(first.poll(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void rejectWithRequeueRedeliversAndWithoutDrops() throws Exception {
    broker.publish(envelope("again", 5, 0)).join();
    BlockingQueue<Delivery> got = consume("c1", 1);
    next(got, "first delivery").reject(true).join();
    Delivery d = next(got, "the requeued delivery");
    assertThat(d.body()).isEqualTo("again");
    d.reject(false).join();
    assertThat(got.poll(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS)).as("a dropped message").isNull();
  }

  @Test
  void deadLetterKeepsTheBodyAndTheReason() throws Exception {
    String body = "{broken " + UUID.randomUUID();
    broker.publish(envelope(body, 5, 0)).join();
    BlockingQueue<Delivery> got = consume("c1", 1);
    next(got, "the bad message").deadLetter("malformed task message: test").join();
    assertThat(got.poll(LEASE.toMillis() * 2, TimeUnit.MILLISECONDS)).isNull();
    assertThat(broker.deadLetters(100_000).join())
        .anySatisfy(d -> {
          assertThat(d.body()).isEqualTo(body);
          assertThat(d.reason()).isEqualTo("malformed task message: test");
          assertThat(d.queue()).isEqualTo(queue);
        });
  }

  @Test
  void revocationsAreStoredAndAnnounced() throws Exception {
    String before = "rev-" + UUID.randomUUID();
    String after = "rev-" + UUID.randomUUID();
    broker.revoke(before, Duration.ofMinutes(1)).join();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    try (AutoCloseable w = broker.watchRevoked(seen::add)) {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_S))
          .until(() -> seen.contains(before));
      broker.revoke(after, Duration.ofMinutes(1)).join();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_S))
          .until(() -> seen.contains(after));
    }
  }

  @Test
  void heartbeatsExpireAndCanBeForgotten() throws Exception {
    String a = "w-" + UUID.randomUUID();
    String b = "w-" + UUID.randomUUID();
    broker.heartbeat(info(a), Duration.ofMillis(400)).join();
    broker.heartbeat(info(b), Duration.ofMinutes(1)).join();
    assertThat(broker.workers().join()).extracting(WorkerInfo::id).contains(a, b);
    Thread.sleep(700);
    assertThat(broker.workers().join()).extracting(WorkerInfo::id).contains(b).doesNotContain(a);
    broker.forgetWorker(b).join();
    assertThat(broker.workers().join()).extracting(WorkerInfo::id).doesNotContain(b);
  }

  @Test
  void closedConsumptionGetsNothingMore() throws Exception {
    BlockingQueue<Delivery> got = consume("c1", 4);
    consumptions.get(0).close();
    broker.publish(envelope("after-close", 5, 0)).join();
    assertThat(got.poll(500, TimeUnit.MILLISECONDS)).isNull();
    assertThat(broker.size(queue).join()).isEqualTo(1);
  }

  private WorkerInfo info(String id) {
    return new WorkerInfo(id, "host", 42, List.of(queue), 4, 1, 7, System.currentTimeMillis());
  }
}
