package dev.switchboard.postgres;

import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.testing.ResultBackendContract;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/** The result-backend contract on the local PostgreSQL, in a schema of its own, dropped after. */
class PostgresResultBackendTest extends ResultBackendContract {
  static final String SERVER = System.getenv().getOrDefault("SB_POSTGRES_URL",
      "postgresql://postgres@127.0.0.1:5432/test");
  static final String SCHEMA = "sbtest_" + UUID.randomUUID().toString().substring(0, 8);

  @Override
  protected ResultBackend createBackend(Duration ttl) {
    return PostgresResultBackend.create(SERVER + "?schema=" + SCHEMA, ttl);
  }

  @AfterAll
  static void dropSchema() throws Exception {
    PgUrl url = PgUrl.parse(SERVER);
    try (var c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        var st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }
}
