package dev.switchboard.redis.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.testing.RedisServer;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis broker's delivery limit: a message whose holder dies (lease lapses) or gives it back
 * each time is dead-lettered with the reason after max deliveries, and the count survives a
 * requeue as a new entry; an entry without a body is dead-lettered, not dropped; consumer names
 * of dead workers leave the group.
 */
@Timeout(60)
class RedisDeliveryLimitTest {
  static RedisServer redis;
  final String prefix = "dl" + UUID.randomUUID().toString().substring(0, 8);
  final RedisBroker broker = RedisBroker.create(redis.uri(), Duration.ofMillis(300), prefix, 3);

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @AfterEach
  void close() {
    broker.close();
  }

  Delivery take(String consumer, List<Consumption> keep) throws InterruptedException {
    BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    keep.add(broker.consume(consumer, List.of("q"), 1, got::add));
    return got.poll(10, TimeUnit.SECONDS);
  }

  DeadLetter onlyDeadLetter() {
    List<DeadLetter> dead = broker.deadLetters(10).join();
    assertThat(dead).hasSize(1);
    return dead.get(0);
  }

  @Test
  void messageWhoseHoldersDieThreeTimesIsDeadLetteredWithTheReason() throws Exception {
    broker.publish(new Envelope("m", "q", 5, 0, "crasher")).join();
    List<Consumption> consumers = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Delivery d = take("dying-" + i, consumers);
      assertThat(d).as("delivery " + i).isNotNull();
      consumers.get(consumers.size() - 1).close(); // the holder "dies" without settling
    }
    BlockingQueue<Delivery> last = new LinkedBlockingQueue<>();
    consumers.add(broker.consume("survivor", List.of("q"), 1, last::add));
    assertThat(last.poll(2, TimeUnit.SECONDS)).as("a fourth delivery").isNull();
    DeadLetter dead = onlyDeadLetter();
    assertThat(dead.body()).isEqualTo("crasher");
    assertThat(dead.reason()).contains("delivered 3 times").contains("max_deliveries 3");
    consumers.forEach(Consumption::close);
  }

  @Test
  void givingAMessageBackDoesNotResetItsCount() throws Exception {
    broker.publish(new Envelope("m", "q", 5, 0, "bouncer")).join();
    BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    Consumption c = broker.consume("c", List.of("q"), 1, got::add);
    for (int i = 1; i <= 3; i++) {
      Delivery d = got.poll(10, TimeUnit.SECONDS);
      assertThat(d).as("delivery " + i).isNotNull();
      d.reject(true).join();
    }
    assertThat(got.poll(1, TimeUnit.SECONDS)).as("a fourth delivery").isNull();
    assertThat(onlyDeadLetter().reason()).contains("delivered 3 times");
    c.close();
  }

  @Test
  void entryWithoutItsBodyIsDeadLetteredNotDropped() throws Exception {
    BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    Consumption c = broker.consume("c", List.of("q"), 1, got::add);
    RedisClient client = RedisClient.create(redis.uri());
    try (var conn = client.connect()) {
      conn.sync().xadd(broker.keys().stream("q", 1), Map.of("x", "no body here"));
    } finally {
      client.shutdown();
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> !broker.deadLetters(10).join().isEmpty());
    assertThat(onlyDeadLetter().reason()).contains("without its body field 'b'").contains("x");
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
    c.close();
  }

  @Test
  void consumerNamesOfDeadWorkersLeaveTheGroup() throws Exception {
    broker.publish(new Envelope("m", "q", 5, 0, "taken by a worker that died since")).join();
    String stream = broker.keys().stream("q", 1);
    RedisClient client = RedisClient.create(redis.uri());
    try (var conn = client.connect()) {
      var sync = conn.sync();
      sync.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(stream, "0"), RedisKeys.GROUP);
      var read = sync.xreadgroup(io.lettuce.core.Consumer.from(RedisKeys.GROUP, "ghost"),
          io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(stream));
      sync.xack(stream, RedisKeys.GROUP, read.get(0).getId());
      assertThat(consumerNames(sync, stream)).contains("ghost");
      BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
      Consumption c = broker.consume("live", List.of("q"), 1, got::add);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
          .until(() -> !consumerNames(sync, stream).contains("ghost"));
      c.close();
    } finally {
      client.shutdown();
    }
  }

  static List<String> consumerNames(
      io.lettuce.core.api.sync.RedisCommands<String, String> sync, String stream) {
    List<String> names = new java.util.ArrayList<>();
    for (Object info : sync.xinfoConsumers(stream, RedisKeys.GROUP)) {
      List<?> kv = (List<?>) info;
      names.add(String.valueOf(kv.get(kv.indexOf("name") + 1)));
    }
    return names;
  }
}
