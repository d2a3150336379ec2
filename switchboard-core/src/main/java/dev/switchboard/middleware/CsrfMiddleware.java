package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import dev.switchboard.routing.Rejection;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses cross-site request forgery: an HTTP request that may change state (any method but GET,
 * HEAD, OPTIONS and TRACE) must carry the session's CSRF token, in the {@code X-CSRF-Token} header
 * (for {@code fetch}) or the {@code csrf_token} field of a url-encoded form, and, if it has an
 * {@code Origin} header, come from the server's own origin. Otherwise it is answered 403 before
 * the application sees it. Goes inside a {@link SessionMiddleware}; get the token for a page with
 * {@link #token(Scope)}.
 *
 * <pre>{@code
 * <form method="post"><input type="hidden" name="csrf_token" value="${token}">...
 * fetch("/api", {method: "POST", headers: {"X-CSRF-Token": token}})
 * }</pre>
 *
 * <p>WebSockets are protected by the server's origin check instead ({@code allowedOrigins}).
 */
public final class CsrfMiddleware implements Middleware {
  /** The request header carrying the token. */
  public static final String HEADER = "x-csrf-token";
  /** The form field carrying the token. */
  public static final String FIELD = "csrf_token";

  private static final Logger log = LoggerFactory.getLogger(CsrfMiddleware.class);
  private static final String SESSION_KEY = "_csrf";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrfMiddleware() {}

  /** Returns the middleware. */
  public static CsrfMiddleware create() {
    return new CsrfMiddleware();
  }

  /**
   * Returns the scope's CSRF token, making one the first time: put it in forms and pages. It lives
   * as long as the session, and changes with it on login and logout.
   *
   * @throws IllegalStateException if no {@link SessionMiddleware} wraps the application
   */
  public static String token(Scope scope) {
    Session session = Session.of(scope);
    synchronized (session) {
      if (session.get(SESSION_KEY) instanceof String t) {
        return t;
      }
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.put(SESSION_KEY, t);
      return t;
    }
  }

  @Override
  public Application wrap(Application inner) {
    Objects.requireNonNull(inner, "inner");
    return connection -> {
      Scope scope = connection.scope();
      if (scope.type() != Scope.Type.HTTP || SAFE.contains(scope.method().toUpperCase(Locale.ROOT))) {
        return inner.open(connection);
      }
      String origin = scope.headers().first("origin");
      if (origin != null
          && !OriginValidator.sameHost().allows(origin, scope.headers().first("host"), scope.scheme())) {
        log.info("conn[{}] refused cross-site {} {} from {}", connection.id(), scope.method(), scope.path(), origin);
        return Rejection.of(connection, 403, "cross-site request refused");
      }
      String expected = Session.of(scope).get(SESSION_KEY) instanceof String t ? t : null;
      String header = scope.headers().first(HEADER);
      if (header != null || !isForm(scope)) {
        if (matches(expected, header)) {
          return inner.open(connection);
        }
        return refuse(connection, scope);
      }
      // A form: the token is in the body, which is read whole before the application sees it.
      return new ConnectionHandler() {
        private final List<InboundEvent> held = new ArrayList<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private @Nullable ConnectionHandler next;

        @Override
        public void handle(InboundEvent event) throws Exception {
          if (next != null) {
            next.handle(event);
            return;
          }
          if (!(event instanceof InboundEvent.HttpRequest r)) {
            return; // a disconnect before the body was complete: nothing was opened
          }
          held.add(r);
          body.writeBytes(r.body());
          if (r.moreBody()) {
            return;
          }
          next = matches(expected, formField(body.toString(StandardCharsets.US_ASCII)))
              ? inner.open(connection)
              : refuse(connection, scope);
          for (InboundEvent e : held) {
            next.handle(e);
          }
          held.clear();
        }
      };
    };
  }

  private static ConnectionHandler refuse(dev.switchboard.Connection connection, Scope scope) {
    log.info("conn[{}] refused {} {}: CSRF token missing or wrong", connection.id(), scope.method(), scope.path());
    return Rejection.of(connection, 403, "CSRF token missing or wrong");
  }

  private static boolean isForm(Scope scope) {
    String type = scope.headers().first("content-type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static @Nullable String formField(String body) {
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(FIELD)) {
        try {
          return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static boolean matches(@Nullable String expected, @Nullable String given) {
    return expected != null && given != null
        && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
