package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives HTTP requests and WebSockets a {@link Session}, found by a signed cookie. The cookie holds
 * only a random session id signed with HMAC-SHA256 (a forged or altered cookie is ignored: the
 * request gets a fresh session); the data lives in a {@link SessionStore}. The cookie is {@code
 * HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, and {@code Secure} when the request came over
 * TLS (or always, if set so behind a TLS-terminating proxy).
 *
 * <pre>{@code
 * Application app = Middleware.chain(router,
 *     SessionMiddleware.builder().store(new InMemorySessionStore()).secret(key).build(),
 *     AuthMiddleware.of(users::byName));
 * }</pre>
 *
 * <p>A session is saved, and its cookie set, only once something is put into it, when the
 * response starts or the handshake is accepted; an untouched visit creates nothing.
 */
public final class SessionMiddleware implements Middleware {
  private static final Logger log = LoggerFactory.getLogger(SessionMiddleware.class);

  private final SessionStore store;
  private final SignedCookie cookie;
  private final Duration maxAge;
  private final @Nullable Boolean secure;

  private SessionMiddleware(Builder b) {
    this.store = b.store;
    this.cookie = new SignedCookie(b.cookieName, b.secret, b.maxAge);
    this.maxAge = b.maxAge;
    this.secure = b.secure;
  }

  /** Returns a builder; a store and a secret are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Application wrap(Application inner) {
    Objects.requireNonNull(inner, "inner");
    return connection -> {
      Scope scope = connection.scope();
      if (scope.type() == Scope.Type.CHANNEL) {
        return inner.open(connection);
      }
      String id = cookie.verify(scope.cookies().get(cookie.name()));
      Map<String, Object> data = id == null ? null : store.load(id);
      if (data == null) {
        id = null; // unknown, expired or forged: a new session, with a new id once saved
        data = new LinkedHashMap<>();
      }
      Session session = new Session(this, id, data);
      Scope inward = scope.withAttribute(Session.ATTRIBUTE, session).withSession(data);
      return inner.open(connection.withScope(inward, event -> withCookie(event, session, inward)));
    };
  }

  /**
   * Returns {@code event}, or for a response start or a WebSocket accept a copy carrying the
   * session's cookie: a changed session is saved first, which may wait for the store.
   */
  private OutboundEvent withCookie(OutboundEvent event, Session session, Scope scope) {
    return switch (event) {
      case OutboundEvent.HttpResponseStart s -> {
        String c = saveForResponse(session, scope);
        yield c == null ? s : new OutboundEvent.HttpResponseStart(s.status(), with(s.headers(), c));
      }
      case OutboundEvent.WebSocketAccept a -> {
        String c = saveForResponse(session, scope);
        yield c == null ? a : new OutboundEvent.WebSocketAccept(a.subprotocol(), with(a.headers(), c));
      }
      default -> event;
    };
  }

  private static Headers with(Headers headers, String cookie) {
    return headers.toBuilder().add("set-cookie", cookie).build();
  }

  /** Saves {@code session} if it changed; returns whether it did. */
  boolean save(Session session) {
    Session.Change change = session.takeChange();
    if (change == null) {
      return false;
    }
    if (change.deleted() != null) {
      store.delete(change.deleted());
    }
    store.save(change.id(), change.data(), maxAge);
    return true;
  }

  /** Saves a changed session and returns the Set-Cookie value if the client needs it again. */
  private @Nullable String saveForResponse(Session session, Scope scope) {
    boolean saved;
    try {
      saved = save(session);
    } catch (RuntimeException e) {
      // The response still goes out, without a cookie for data that was not kept.
      log.error("session not saved for {}", scope, e);
      return null;
    }
    // A new id needs its cookie; a saved session renews the cookie's Max-Age with the store's.
    if (!session.takeCookieStale() && !saved) {
      return null;
    }
    boolean tls = scope.scheme().equals("https") || scope.scheme().equals("wss");
    return cookie.header(session.id(), secure != null ? secure : tls);
  }

  /** Builds a {@link SessionMiddleware}; each setter checks its argument. */
  public static final class Builder {
    private @Nullable SessionStore store;
    private byte @Nullable [] secret;
    private String cookieName = "sb_session";
    private Duration maxAge = Duration.ofDays(14);
    private @Nullable Boolean secure;

    private Builder() {}

    /** Sets where session data is kept (required). */
    public Builder store(SessionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the key that signs session cookies (required): at least 32 random bytes, kept out of
     * source control. Changing it logs every user out.
     */
    public Builder secret(byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length < 32) {
        throw new IllegalArgumentException(
            "secret must be at least 32 bytes (256 bits) for HMAC-SHA256: " + secret.length);
      }
      this.secret = secret.clone();
      return this;
    }

    /** Sets the cookie's name (default {@code sb_session}): letters, digits, '-' and '_'. */
    public Builder cookieName(String name) {
      Objects.requireNonNull(name, "cookieName");
      if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
        throw new IllegalArgumentException("cookieName must be ASCII letters, digits, '-' or '_': '" + name + "'");
      }
      this.cookieName = name;
      return this;
    }

    /** Sets how long a session lives after its last save, and the cookie's Max-Age (default 14 days). */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.toSeconds() < 1) {
        throw new IllegalArgumentException("maxAge must be at least one second: " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /**
     * Forces the cookie's {@code Secure} flag on or off; by default it is on when the request
     * came over TLS. Set it on behind a proxy that terminates TLS.
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /**
     * Returns the middleware.
     *
     * @throws IllegalStateException if the store or the secret is missing
     */
    public SessionMiddleware build() {
      if (store == null) {
        throw new IllegalStateException("store must be set: call store(new InMemorySessionStore())");
      }
      if (secret == null) {
        throw new IllegalStateException("secret must be set: call secret(32 or more random bytes)");
      }
      return new SessionMiddleware(this);
    }
  }
}
