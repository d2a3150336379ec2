package dev.switchboard.middleware;

import dev.switchboard.Nullable;
import java.time.Duration;
import java.util.Map;

/**
 * Where {@link SessionMiddleware} keeps session data, by session id. Values are JSON-like: strings,
 * numbers, booleans, null, and lists and maps of those, so every store can serialise them.
 * Implementations are thread-safe; methods run on the connection's virtual thread and may block.
 *
 * <p>Contract tests: {@code dev.switchboard.testing.SessionStoreContract}.
 */
public interface SessionStore {

  /** Returns a copy of the data saved under {@code id}, or null if none or it has expired. */
  @Nullable
  Map<String, Object> load(String id);

  /**
   * Saves a copy of {@code data} under {@code id}, replacing what was there; it expires after
   * {@code ttl}.
   */
  void save(String id, Map<String, Object> data, Duration ttl);

  /** Deletes the data under {@code id}; nothing happens if there is none. */
  void delete(String id);
}
