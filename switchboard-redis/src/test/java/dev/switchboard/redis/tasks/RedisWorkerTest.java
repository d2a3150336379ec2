package dev.switchboard.redis.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskFailedException;
import dev.switchboard.tasks.spi.Envelope;
import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.WorkerContract;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker contract on the Redis broker and backend, and its dead letters. */
class RedisWorkerTest extends WorkerContract {
  static RedisServer redis;
  final String prefix = "w" + UUID.randomUUID().toString().substring(0, 8);

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
        .broker(RedisBroker.create(redis.uri(), Duration.ofSeconds(1), prefix))
        .resultBackend(RedisResultBackend.create(redis.uri(), Duration.ofHours(1), prefix)).build();
  }

  @Test
  void malformedAndUnknownMessagesAreDeadLetteredAndTheWorkerGoesOn() throws Exception {
    startWorker();
    app.broker().publish(new Envelope("junk", "default", 5, 0, "not json at all")).join();
    app.broker().publish(new Envelope("nameless", "default", 5, 0, "{\"id\":\"x1\",\"queue\":\"default\"}")).join();
    TaskApp other = TaskApp.builder().broker(app.broker()).resultBackend(app.backend()).build();
    AsyncResult<Integer> ghost =
        other.task("r.ghost", Integer.class, Integer.class, (c, x) -> x).delay(1);
    assertThatThrownBy(() -> ghost.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("unknown task name 'r.ghost'");
    assertThat(twice.delay(5).get(WAIT)).isEqualTo(10);
    Awaitility.await().atMost(WAIT).until(() -> app.control().deadLetters(10).size() == 3);
    assertThat(app.control().deadLetters(10)).extracting(d -> d.reason())
        .anySatisfy(x -> assertThat(x).startsWith("malformed task message"))
        .anySatisfy(x -> assertThat(x).contains("no 'name'"))
        .anySatisfy(x -> assertThat(x).isEqualTo("unknown task name 'r.ghost'"));
  }
}
