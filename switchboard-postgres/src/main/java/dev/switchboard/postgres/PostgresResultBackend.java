package dev.switchboard.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.Nullable;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.spi.ChordProgress;
import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.tasks.spi.ResultRecords;
import dev.switchboard.tasks.spi.StoreOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A result backend on PostgreSQL (JDBC through a HikariCP pool); passes {@code
 * ResultBackendContract}. Tables are in {@link PgSchema}, created or migrated on start.
 *
 * <ul>
 *   <li>{@link #store} locks the task's row ({@code SELECT ... FOR UPDATE}; a missing row is
 *       inserted with {@code ON CONFLICT DO NOTHING} and the read retried), checks {@link
 *       TaskState#canTransitionTo} and writes in one transaction.
 *   <li>A write of a ready state sends {@code NOTIFY} in the same transaction; {@link
 *       #awaitReady} is woken by it ({@link PgWaiters}), not by polling.
 *   <li>Rows expire {@link #ttl()} after their last write: expired rows read as absent (a store
 *       finds them PENDING and overwrites them) and are deleted by a sweep when the backend
 *       starts and every ten minutes.
 * </ul>
 *
 * <p>JDBC blocks, so calls run on virtual threads; the pool bounds the connections.
 */
public final class PostgresResultBackend implements ResultBackend {
  private final HikariDataSource pool;
  private final String schema;
  private final Duration ttl;
  private final ObjectMapper json = JsonMappers.builder().build();
  private final PgChords chords;
  private final PgWaiters waiters;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final java.util.concurrent.ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
          .name("sb-pg-sweep").unstarted(r));

  private PostgresResultBackend(PgUrl url, Duration ttl) {
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("ttl must be at least 1 ms: " + ttl);
    }
    this.schema = url.schema();
    this.ttl = ttl;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    config.setUsername(url.user());
    config.setPassword(url.password());
    config.setMaximumPoolSize(16);
    config.setPoolName("switchboard-results");
    this.pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection()) {
      PgSchema.migrate(c, schema);
    } catch (SQLException e) {
      pool.close();
      throw new IllegalStateException("cannot prepare schema " + schema + ": " + e.getMessage(), e);
    }
    this.chords = new PgChords(schema, ttl, json);
    this.waiters = new PgWaiters(url, this::get);
    sweeper.scheduleWithFixedDelay(this::sweep, 0, 10, java.util.concurrent.TimeUnit.MINUTES);
  }

  /** Deletes expired task records and chords. */
  private void sweep() {
    tx(c -> {
      for (String table : new String[] {"task_results", "chords"}) {
        try (PreparedStatement st = c.prepareStatement(
            "DELETE FROM " + schema + "." + table + " WHERE expires_at < now()")) {
          st.executeUpdate();
        }
      }
      return null;
    }).exceptionally(e -> null);
  }

  /**
   * Returns a backend on {@code url} ({@code postgresql://user:pass@host:port/db?schema=s})
   * keeping records one day.
   */
  public static PostgresResultBackend create(String url) {
    return create(url, DEFAULT_TTL);
  }

  /** Returns a backend on {@code url} keeping records {@code ttl} after their last write. */
  public static PostgresResultBackend create(String url, Duration ttl) {
    return new PostgresResultBackend(PgUrl.parse(Objects.requireNonNull(url, "url")),
        Objects.requireNonNull(ttl, "ttl"));
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction on a virtual thread. */
  private <T> CompletableFuture<T> tx(Work<T> work) {
    return CompletableFuture.supplyAsync(() -> {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T r = work.run(c);
          c.commit();
          return r;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw new CompletionException(new IllegalStateException(
            "PostgreSQL result backend: " + e.getMessage(), e));
      }
    }, executor);
  }

  private String expiry() {
    return "now() + interval '" + ttl.toMillis() + " milliseconds'";
  }

  @Override
  public CompletableFuture<StoreOutcome> store(TaskResult result) {
    Objects.requireNonNull(result, "result");
    String record = encode(result);
    return tx(c -> {
      for (int attempt = 0; ; attempt++) {
        TaskState previous = TaskState.PENDING;
        boolean exists = false;
        try (PreparedStatement read = c.prepareStatement("SELECT state, expires_at > now() FROM "
            + schema + ".task_results WHERE id = ? FOR UPDATE")) {
          read.setString(1, result.id());
          try (ResultSet rs = read.executeQuery()) {
            if (rs.next()) {
              exists = true;
              previous = rs.getBoolean(2) ? TaskState.valueOf(rs.getString(1)) : TaskState.PENDING;
            }
          }
        }
        if (!previous.canTransitionTo(result.state())) {
          return new StoreOutcome(false, previous);
        }
        String sql = exists
            ? "UPDATE " + schema + ".task_results SET state = ?, record = ?, expires_at = "
                + expiry() + " WHERE id = ?"
            : "INSERT INTO " + schema + ".task_results (state, record, id, expires_at) VALUES"
                + " (?, ?, ?, " + expiry() + ") ON CONFLICT (id) DO NOTHING";
        int written;
        try (PreparedStatement w = c.prepareStatement(sql)) {
          w.setString(1, result.state().name());
          w.setString(2, record);
          w.setString(3, result.id());
          written = w.executeUpdate();
        }
        if (written == 0 && attempt < 3) {
          continue; // another writer inserted the row first: read it, locked, and check again
        }
        if (result.state().isReady()) {
          try (PreparedStatement n = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            n.setString(1, waiters.channel());
            n.setString(2, result.id());
            n.execute();
          }
        }
        return new StoreOutcome(written == 1, previous);
      }
    });
  }

  @Override
  public CompletableFuture<@Nullable TaskResult> get(String id) {
    Objects.requireNonNull(id, "id");
    return tx(c -> {
      try (PreparedStatement st = c.prepareStatement("SELECT record FROM " + schema
          + ".task_results WHERE id = ? AND expires_at > now()")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? decode(rs.getString(1)) : null;
        }
      }
    });
  }

  @Override
  public CompletableFuture<TaskResult> awaitReady(String id) {
    return waiters.await(Objects.requireNonNull(id, "id"));
  }

  @Override
  public CompletableFuture<ChordProgress> chordPartDone(
      String chordId, int index, int size, @Nullable JsonNode result) {
    return tx(c -> chords.partDone(c, chordId, index, size, result));
  }

  @Override
  public CompletableFuture<Void> chordDispatched(String chordId) {
    return tx(c -> {
      chords.dispatched(c, chordId);
      return null;
    });
  }

  @Override
  public CompletableFuture<Boolean> chordFailed(String chordId) {
    return tx(c -> chords.failed(c, chordId));
  }

  @Override
  public CompletableFuture<Void> forget(String id) {
    return tx(c -> {
      try (PreparedStatement st = c.prepareStatement(
          "DELETE FROM " + schema + ".task_results WHERE id = ?")) {
        st.setString(1, id);
        st.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    waiters.close();
    executor.shutdown();
    pool.close();
  }

  private static String encode(TaskResult r) {
    return ResultRecords.encode(r);
  }

  private static TaskResult decode(String d) {
    return ResultRecords.decode(d);
  }
}
