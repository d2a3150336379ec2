package dev.switchboard.middleware;

import dev.switchboard.Nullable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A {@link SessionStore} in this process's memory, for one server or tests; sessions are lost on
 * restart and not shared between processes (use {@code RedisSessionStore} for that). Expired
 * sessions are removed when read and by a sweep every {@code SWEEP_EVERY} saves, and the number
 * of sessions is bounded: a save beyond {@code maxSessions} after a sweep is refused with {@link
 * IllegalStateException}, so a client creating sessions cannot exhaust memory.
 */
public final class InMemorySessionStore implements SessionStore {
  private static final int SWEEP_EVERY = 1024;

  private record Entry(Map<String, Object> data, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
  private final int maxSessions;
  private final LongSupplier clock;
  private int saves;

  /** Returns a store holding at most 100,000 sessions. */
  public InMemorySessionStore() {
    this(100_000);
  }

  /**
   * Returns a store holding at most {@code maxSessions} sessions.
   *
   * @throws IllegalArgumentException if {@code maxSessions} is not positive
   */
  public InMemorySessionStore(int maxSessions) {
    this(maxSessions, System::nanoTime);
  }

  InMemorySessionStore(int maxSessions, LongSupplier clock) {
    if (maxSessions <= 0) {
      throw new IllegalArgumentException("maxSessions must be positive: " + maxSessions);
    }
    this.maxSessions = maxSessions;
    this.clock = clock;
  }

  @Override
  public @Nullable Map<String, Object> load(String id) {
    Entry e = sessions.get(Objects.requireNonNull(id, "id"));
    if (e == null) {
      return null;
    }
    if (e.expiresAtNanos - clock.getAsLong() <= 0) {
      sessions.remove(id, e);
      return null;
    }
    return SessionData.copy(e.data);
  }

  @Override
  public void save(String id, Map<String, Object> data, Duration ttl) {
    Objects.requireNonNull(id, "id");
    Entry entry = new Entry(SessionData.copy(data), clock.getAsLong() + ttl.toNanos());
    boolean sweep;
    synchronized (this) {
      sweep = ++saves % SWEEP_EVERY == 0 || sessions.size() >= maxSessions;
    }
    if (sweep) {
      sweep();
    }
    if (!sessions.containsKey(id) && sessions.size() >= maxSessions) {
      throw new IllegalStateException(
          "session store full: " + maxSessions + " sessions (maxSessions) are live");
    }
    sessions.put(id, entry);
  }

  @Override
  public void delete(String id) {
    sessions.remove(Objects.requireNonNull(id, "id"));
  }

  /** Returns how many sessions are held, expired ones not yet swept included. */
  public int size() {
    return sessions.size();
  }

  private void sweep() {
    long now = clock.getAsLong();
    sessions.values().removeIf(e -> e.expiresAtNanos - now <= 0);
  }
}
