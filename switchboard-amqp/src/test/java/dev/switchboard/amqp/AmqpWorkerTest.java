package dev.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.redis.tasks.RedisResultBackend;
import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskFailedException;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WorkerContract;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker contract on the RabbitMQ broker, with results in Redis, and its dead letters. */
class AmqpWorkerTest extends WorkerContract {
  static final String PREFIX = "sbtest-worker";
  static RedisServer redis;
  final String queue = "w-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected TaskApp createApp() {
    return TaskApp.builder()
        .broker(AmqpBroker.create(RabbitTestSupport.URL + "?prefix=" + PREFIX, Duration.ofSeconds(1)))
        .resultBackend(RedisResultBackend.create(redis.uri(), Duration.ofHours(1), queue))
        .defaultQueue(queue).build();
  }

  @Override
  protected void afterClose() throws Exception {
    RabbitTestSupport.deleteQueues(PREFIX, queue);
  }

  List<DeadLetter> deadLettersOfThisTest() {
    return app.control().deadLetters(100_000).stream().filter(d -> d.queue().equals(queue)).toList();
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
}
