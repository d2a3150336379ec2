package dev.switchboard.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates or migrates the backend's tables in its schema, under an advisory lock so processes
 * starting together do it once. The schema's version is kept in {@code schema_version}; each
 * migration step runs once, in order, in one transaction.
 *
 * <ul>
 *   <li>{@code task_results(id, state, record, expires_at)}: one row per task, {@code record} the
 *       {@code TaskResult} as JSON;
 *   <li>{@code chords(id, dispatched, failed, expires_at)} and {@code chord_parts(chord_id, idx,
 *       result)}: chord counting, one row per finished member.
 * </ul>
 */
final class PgSchema {
  /** The migrations, oldest first; the schema's version is how many have run. */
  private static final String[][] STEPS = {
    {
      "CREATE TABLE IF NOT EXISTS %s.task_results (id text PRIMARY KEY, state text NOT NULL,"
          + " record text NOT NULL, expires_at timestamptz NOT NULL)",
      "CREATE INDEX IF NOT EXISTS task_results_expiry ON %s.task_results (expires_at)",
      "CREATE TABLE IF NOT EXISTS %s.chords (id text PRIMARY KEY, dispatched boolean NOT NULL"
          + " DEFAULT false, failed boolean NOT NULL DEFAULT false, expires_at timestamptz NOT NULL)",
      "CREATE TABLE IF NOT EXISTS %s.chord_parts (chord_id text NOT NULL REFERENCES %s.chords(id)"
          + " ON DELETE CASCADE, idx integer NOT NULL, result text NOT NULL,"
          + " PRIMARY KEY (chord_id, idx))",
      "CREATE INDEX IF NOT EXISTS chords_expiry ON %s.chords (expires_at)",
    },
  };

  private PgSchema() {}

  /** Returns the version this code writes. */
  static int latest() {
    return STEPS.length;
  }

  /** Brings {@code schema} to the latest version. */
  static void migrate(Connection c, String schema) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(hashtext('switchboard-schema-" + schema + "'))");
      st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      st.execute("CREATE TABLE IF NOT EXISTS " + schema + ".schema_version (version integer NOT NULL)");
      int version = 0;
      try (var rs = st.executeQuery("SELECT max(version) FROM " + schema + ".schema_version")) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version > STEPS.length) {
        throw new SQLException("schema " + schema + " is at version " + version
            + ", newer than this Switchboard (" + STEPS.length + "): upgrade Switchboard");
      }
      for (int v = version; v < STEPS.length; v++) {
        for (String sql : STEPS[v]) {
          st.execute(sql.replace("%s", schema));
        }
        st.execute("INSERT INTO " + schema + ".schema_version VALUES (" + (v + 1) + ")");
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }
}
