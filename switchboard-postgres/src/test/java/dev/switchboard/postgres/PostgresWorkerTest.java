package dev.switchboard.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.Signature;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskFailedException;
import dev.switchboard.tasks.Worker;
import dev.switchboard.tasks.memory.InMemoryBroker;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tasks, a chord and a failure with their results kept in PostgreSQL. */
@Timeout(60)
class PostgresWorkerTest {
  static final String SCHEMA = "sbtest_" + UUID.randomUUID().toString().substring(0, 8);
  final TaskApp app = TaskApp.builder().broker(new InMemoryBroker())
      .resultBackend(PostgresResultBackend.create(
          PostgresResultBackendTest.SERVER + "?schema=" + SCHEMA)).build();
  final Task<Integer, Integer> twice = app.task("p.twice", Integer.class, Integer.class,
      (ctx, x) -> {
        if (x < 0) {
          throw new IllegalArgumentException("negative: " + x);
        }
        return 2 * x;
      });
  final Task<Integer[], Integer> sum = app.task("p.sum", Integer[].class, Integer.class,
      (ctx, xs) -> java.util.Arrays.stream(xs).mapToInt(Integer::intValue).sum());
  final Worker worker = Worker.builder(app).concurrency(8).build().start();

  @AfterEach
  void stop() {
    worker.shutdown(Duration.ofSeconds(5));
    app.close();
  }

  @AfterAll
  static void dropSchema() throws Exception {
    PgUrl url = PgUrl.parse(PostgresResultBackendTest.SERVER);
    try (var c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        var st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Test
  void resultsChordsAndFailuresGoThroughPostgres() throws Exception {
    assertThat(twice.delay(21).get(Duration.ofSeconds(10))).isEqualTo(42);
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      members.add(twice.s(i));
    }
    assertThat(app.chord(members, sum.s()).get(Duration.ofSeconds(20))).isEqualTo(50 * 51);
    assertThatThrownBy(() -> twice.delay(-1).get(Duration.ofSeconds(10)))
        .isInstanceOf(TaskFailedException.class).hasMessageContaining("negative: -1");
  }
}
