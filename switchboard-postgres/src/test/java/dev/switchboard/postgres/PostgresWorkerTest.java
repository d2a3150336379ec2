package dev.switchboard.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskFailedException;
import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.testing.WorkerContract;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The worker contract with its results in PostgreSQL (and the in-memory broker). */
class PostgresWorkerTest extends WorkerContract {
  static final String SCHEMA = "sbtest_" + UUID.randomUUID().toString().substring(0, 8);

  @Override
  protected TaskApp createApp() {
    return TaskApp.builder().broker(new InMemoryBroker(Duration.ofSeconds(1)))
        .resultBackend(PostgresResultBackend.create(
            PostgresResultBackendTest.SERVER + "?schema=" + SCHEMA)).build();
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
  void failureIsStoredWithItsMessage() {
    startWorker();
    var boom = app.task("p.boom", Integer.class, Integer.class, (ctx, x) -> {
      throw new IllegalArgumentException("negative: " + x);
    });
    assertThatThrownBy(() -> boom.delay(-1).get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("negative: -1");
  }
}
