package dev.switchboard.postgres;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.TaskResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for ready task records through {@code LISTEN}: a store that reaches a ready state sends
 * {@code NOTIFY <schema>_ready, '<task id>'} in its transaction, and one connection per backend,
 * outside the pool, listens on a thread of its own and wakes the waiters of that id. After the
 * listening connection is lost and opened again, every waited id is read once, so a notification
 * sent meanwhile delays no waiter.
 */
final class PgWaiters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PgWaiters.class);

  private final PgUrl url;
  private final String channel;
  private final Function<String, CompletableFuture<@Nullable TaskResult>> reader;
  private final Map<String, List<CompletableFuture<TaskResult>>> waiters = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile @Nullable Connection connection;

  PgWaiters(PgUrl url, Function<String, CompletableFuture<@Nullable TaskResult>> reader) {
    this.url = url;
    this.channel = url.schema() + "_ready";
    this.reader = reader;
    this.thread = Thread.ofPlatform().daemon().name("sb-pg-listen").start(this::run);
  }

  /** The channel stores notify. */
  String channel() {
    return channel;
  }

  CompletableFuture<TaskResult> await(String id) {
    CompletableFuture<TaskResult> f = new CompletableFuture<>();
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(f);
    f.whenComplete((r, e) -> forget(id, f));
    check(id);
    return f;
  }

  private void forget(String id, CompletableFuture<TaskResult> f) {
    waiters.computeIfPresent(id, (k, list) -> {
      list.remove(f);
      return list.isEmpty() ? null : list;
    });
  }

  /** Reads {@code id}'s record and completes its waiters if it is ready. */
  private void check(String id) {
    reader.apply(id).whenComplete((r, e) -> {
      if (r != null && r.state().isReady()) {
        List<CompletableFuture<TaskResult>> list = waiters.get(id);
        if (list != null) {
          list.forEach(f -> f.complete(r));
        }
      }
    });
  }

  private void run() {
    long backoff = 100;
    while (!closed) {
      try (Connection c = open()) {
        connection = c;
        backoff = 100;
        waiters.keySet().forEach(this::check);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(1000);
          if (got != null) {
            for (PGNotification n : got) {
              if (waiters.containsKey(n.getParameter())) {
                check(n.getParameter());
              }
            }
          }
        }
      } catch (SQLException e) {
        if (!closed) {
          log.warn("LISTEN {} lost ({}); reconnecting in {} ms", channel, e.getMessage(), backoff);
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException ie) {
            return;
          }
          backoff = Math.min(5000, backoff * 2);
        }
      }
    }
  }

  private Connection open() throws SQLException {
    Properties p = new Properties();
    if (url.user() != null) {
      p.setProperty("user", url.user());
    }
    if (url.password() != null) {
      p.setProperty("password", url.password());
    }
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "switchboard-listen");
    Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN " + channel);
    }
    return c;
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    thread.interrupt();
    IllegalStateException gone = new IllegalStateException("the result backend was closed");
    waiters.values().forEach(list -> list.forEach(f -> f.completeExceptionally(gone)));
    waiters.clear();
  }
}
