package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task whose STARTED record vanishes while it runs (a Redis restarted without persistence, an
 * expired record) still gets its outcome stored: the worker writes STARTED again, then the
 * outcome, instead of dropping a refused write silently.
 */
@Timeout(30)
class LostRecordTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  final TaskApp app = TaskApp.builder().broker(new InMemoryBroker(Duration.ofMillis(500)))
      .resultBackend(new InMemoryResultBackend()).build();
  final Worker worker = Worker.builder(app).concurrency(2).build().start();

  @AfterEach
  void stop() {
    worker.shutdown(Duration.ofSeconds(5));
    app.close();
  }

  @Test
  void successIsStoredWhenTheStartedRecordWasLost() throws Exception {
    Task<Integer, Integer> t = app.task("lost.ok", Integer.class, Integer.class, (ctx, x) -> {
      app.backend().forget(ctx.id()).join();
      return x * 2;
    });
    assertThat(t.delay(21).get(WAIT)).isEqualTo(42);
  }

  @Test
  void failureIsStoredWhenTheStartedRecordWasLost() {
    Task<Integer, Integer> t = app.task("lost.fail", Integer.class, Integer.class, (ctx, x) -> {
      app.backend().forget(ctx.id()).join();
      throw new IllegalStateException("broken " + x);
    });
    assertThatThrownBy(() -> t.delay(1).get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("broken 1");
  }
}
