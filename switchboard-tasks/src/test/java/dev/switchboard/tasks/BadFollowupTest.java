package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import dev.switchboard.tasks.spi.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queued message whose chain link can never be sent (an invalid task id) runs once and goes to
 * the dead letters with the reason, instead of being requeued at once, forever.
 */
@Timeout(30)
class BadFollowupTest {
  final InMemoryBroker broker = new InMemoryBroker(Duration.ofMillis(500));
  final TaskApp app = TaskApp.builder().broker(broker)
      .resultBackend(new InMemoryResultBackend()).build();
  final AtomicInteger runs = new AtomicInteger();
  final Task<Integer, Integer> inc = app.task("bad.inc", Integer.class, Integer.class, (c, x) -> {
    runs.incrementAndGet();
    return x + 1;
  });

  @AfterEach
  void close() {
    app.close();
  }

  @Test
  void chainLinkWithAnInvalidIdIsDeadLetteredAfterOneRun() throws Exception {
    TaskMessage.Link bad = new TaskMessage.Link("bad id!", "bad.inc", null, null, -1);
    TaskMessage m = app.message("bad.inc", inc.options(),
        app.codec().toTree(1), CallOptions.NONE, List.of(bad), null, null);
    app.publish(m);
    try (Worker w = Worker.builder(app).concurrency(2).build().start()) {
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> !app.control().deadLetters(10).isEmpty());
      Thread.sleep(500); // a requeue loop would run it hundreds of times meanwhile
    }
    assertThat(runs).hasValue(1);
    List<DeadLetter> dead = app.control().deadLetters(10);
    assertThat(dead).singleElement().satisfies(d -> {
      assertThat(d.reason()).contains("what follows task bad.inc").contains("bad id!");
      assertThat(d.body()).contains("bad id!");
    });
    assertThat(broker.size("default").join()).isZero();
  }
}
