package dev.switchboard.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.ChordProgress;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Chord counting in SQL: a chord row locked {@code FOR UPDATE} while a member's part is inserted
 * ({@code ON CONFLICT DO NOTHING}, so a member counted twice counts once) and the parts counted,
 * so exactly one caller sees the chord complete and undispatched first.
 */
final class PgChords {
  private final String schema;
  private final Duration ttl;
  private final ObjectMapper json;

  PgChords(String schema, Duration ttl, ObjectMapper json) {
    this.schema = schema;
    this.ttl = ttl;
    this.json = json;
  }

  private String expiry() {
    return "now() + interval '" + ttl.toMillis() + " milliseconds'";
  }

  /** Inserts the chord row if missing and locks it; returns {dispatched, failed}. */
  private boolean[] lock(Connection c, String chordId) throws SQLException {
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + schema + ".chords (id,"
        + " expires_at) VALUES (?, " + expiry() + ") ON CONFLICT (id) DO UPDATE SET expires_at ="
        + " EXCLUDED.expires_at RETURNING dispatched, failed")) {
      ins.setString(1, chordId);
      try (ResultSet rs = ins.executeQuery()) {
        rs.next();
        return new boolean[] {rs.getBoolean(1), rs.getBoolean(2)};
      }
    }
  }

  ChordProgress partDone(Connection c, String chordId, int index, int size,
      @Nullable JsonNode result) throws SQLException {
    boolean[] flags = lock(c, chordId);
    try (PreparedStatement part = c.prepareStatement("INSERT INTO " + schema + ".chord_parts"
        + " (chord_id, idx, result) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      part.setString(1, chordId);
      part.setInt(2, index);
      part.setString(3, result == null ? "null" : result.toString());
      part.executeUpdate();
    }
    int done;
    try (PreparedStatement count = c.prepareStatement(
        "SELECT count(*) FROM " + schema + ".chord_parts WHERE chord_id = ?")) {
      count.setString(1, chordId);
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        done = rs.getInt(1);
      }
    }
    if (done < size || flags[0] || flags[1]) {
      return new ChordProgress(done, size, null);
    }
    ArrayNode all = json.createArrayNode();
    try (PreparedStatement parts = c.prepareStatement("SELECT result FROM " + schema
        + ".chord_parts WHERE chord_id = ? ORDER BY idx")) {
      parts.setString(1, chordId);
      try (ResultSet rs = parts.executeQuery()) {
        while (rs.next()) {
          all.add(json.readTree(rs.getString(1)));
        }
      }
    } catch (IOException e) {
      throw new SQLException("unreadable chord member result of " + chordId + ": " + e, e);
    }
    return new ChordProgress(done, size, all);
  }

  void dispatched(Connection c, String chordId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO " + schema + ".chords (id,"
        + " dispatched, expires_at) VALUES (?, true, " + expiry() + ") ON CONFLICT (id) DO UPDATE"
        + " SET dispatched = true, expires_at = EXCLUDED.expires_at")) {
      st.setString(1, chordId);
      st.executeUpdate();
    }
  }

  boolean failed(Connection c, String chordId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO " + schema + ".chords AS ch (id,"
        + " failed, expires_at) VALUES (?, true, " + expiry() + ") ON CONFLICT (id) DO UPDATE"
        + " SET failed = true WHERE NOT ch.failed")) {
      st.setString(1, chordId);
      return st.executeUpdate() == 1;
    }
  }
}
