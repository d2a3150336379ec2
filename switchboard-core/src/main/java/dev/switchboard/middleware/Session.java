package dev.switchboard.middleware;

import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The session of one connection, put into the scope by {@link SessionMiddleware}: its data and
 * whether it changed. Changes made while an HTTP request is handled are saved, and the cookie set,
 * when the response starts; on a WebSocket, when the handshake is accepted, and afterwards by
 * {@link #save()}. Thread-safe.
 *
 * <pre>{@code
 * Session session = Session.of(conn.scope());
 * session.put("cart", List.of("apple"));
 * }</pre>
 */
public final class Session {
  /** The scope attribute holding the session. */
  static final String ATTRIBUTE = "switchboard.session";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionMiddleware owner;
  private @Nullable String id; // null until first saved
  private @Nullable String oldId; // to delete on the next save (after rotate or invalidate)
  private Map<String, Object> data;
  private boolean dirty;
  private boolean cookieStale; // the client's cookie no longer names this session

  Session(SessionMiddleware owner, @Nullable String id, Map<String, Object> data) {
    this.owner = owner;
    this.id = id;
    this.data = data;
  }

  /**
   * Returns the session of {@code scope}.
   *
   * @throws IllegalStateException if no {@link SessionMiddleware} wraps the application
   */
  public static Session of(Scope scope) {
    if (scope.attributes().get(ATTRIBUTE) instanceof Session s) {
      return s;
    }
    throw new IllegalStateException(
        "no session in the scope: wrap the application in a SessionMiddleware");
  }

  /** Returns the value under {@code key}, or null. */
  public synchronized @Nullable Object get(String key) {
    return data.get(Objects.requireNonNull(key, "key"));
  }

  /**
   * Sets {@code key} to {@code value}.
   *
   * @throws IllegalArgumentException if the value is not JSON-like ({@link SessionStore})
   */
  public synchronized void put(String key, @Nullable Object value) {
    Objects.requireNonNull(key, "key");
    data.put(key, SessionData.value(key, value));
    dirty = true;
  }

  /** Removes {@code key}. */
  public synchronized void remove(String key) {
    if (data.remove(Objects.requireNonNull(key, "key")) != null) {
      dirty = true;
    }
  }

  /** Returns a copy of the data. */
  public synchronized Map<String, Object> data() {
    return SessionData.copy(data);
  }

  /**
   * Gives the session a new id, keeping its data; the old id stops working at the next save.
   * Done on login and logout so an id seen before (session fixation) is worthless afterwards.
   */
  public synchronized void rotate() {
    if (id != null && oldId == null) {
      oldId = id;
    }
    id = null;
    dirty = true;
  }

  /** Empties the session and gives it a new id: what logout does. */
  public synchronized void invalidate() {
    data.clear();
    rotate();
  }

  /**
   * Saves the session now if it changed. Needed only on a WebSocket after the handshake: the
   * store is updated, but the browser's cookie cannot change until its next HTTP response, so a
   * rotated id takes effect there only if the application also answers an HTTP request.
   */
  public void save() {
    owner.save(this);
  }

  /** Returns the session id, or null if the session was never saved. */
  synchronized @Nullable String id() {
    return id;
  }

  /**
   * Returns the id to put in a new cookie if the session needs saving, and clears the changes:
   * the store is written by the caller. Returns null if nothing changed.
   */
  synchronized @Nullable Change takeChange() {
    if (!dirty) {
      return null;
    }
    dirty = false;
    String deleted = oldId;
    oldId = null;
    if (id == null) {
      id = newId();
      cookieStale = true;
    }
    return new Change(id, deleted, SessionData.copy(data));
  }

  /** Returns whether the client's cookie must be set again, and notes it as set. */
  synchronized boolean takeCookieStale() {
    boolean stale = cookieStale;
    cookieStale = false;
    return stale;
  }

  /** What a save writes: the data under {@code id}, and the id to delete first, if any. */
  record Change(String id, @Nullable String deleted, Map<String, Object> data) {}

  private static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
