package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.routing.Rejection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates HTTP requests and WebSockets by a bearer token ({@link JwtVerifier}) and puts the
 * verified {@link Token} into the scope as the user. The token is taken from, in this order:
 *
 * <ol>
 *   <li>the {@code Authorization: Bearer TOKEN} header;
 *   <li>on a WebSocket, the offered subprotocols {@code bearer, TOKEN} (the browser's {@code new
 *       WebSocket(url, ["bearer", token])}): both are hidden from the application, and an accept
 *       that names no subprotocol names {@code bearer}, as browsers require;
 *   <li>if {@link Builder#queryParameter} is set, that query parameter (for clients that can do
 *       nothing else): it is removed from the scope's query string the application sees, and the
 *       server never logs query strings (a scope prints as {@code ?<query redacted>});
 *   <li>if {@link Builder#firstMessage} is set, on a WebSocket without one of the above, the first
 *       text message, read within the given time after an accept ({@link FirstMessageAuth}).
 * </ol>
 *
 * <p>A missing or refused token is answered with HTTP 401 (the handshake is denied with 401). A
 * WebSocket whose token expires while it is open is closed with {@link #TOKEN_EXPIRED}; the
 * client should fetch a new token and reconnect.
 */
public final class TokenMiddleware implements Middleware {
  /** Close code of a WebSocket whose token expired while it was open: get a new token, reconnect. */
  public static final int TOKEN_EXPIRED = 4401;
  /** Close code of a WebSocket whose first message was not a valid token, or came too late. */
  public static final int TOKEN_REFUSED = 4403;
  /** The subprotocol that precedes a token in {@code Sec-WebSocket-Protocol}. */
  public static final String SUBPROTOCOL = "bearer";

  private static final Logger log = LoggerFactory.getLogger(TokenMiddleware.class);

  final JwtVerifier verifier;
  private final @Nullable String queryParameter;
  final @Nullable Duration firstMessage;
  final ScheduledExecutorService timers;

  private TokenMiddleware(Builder b) {
    this.verifier = b.verifier;
    this.queryParameter = b.queryParameter;
    this.firstMessage = b.firstMessage;
    this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sb-token-expiry").factory());
  }

  /** Returns a builder verifying tokens with {@code verifier}. */
  public static Builder builder(JwtVerifier verifier) {
    return new Builder(Objects.requireNonNull(verifier, "verifier"));
  }

  @Override
  public Application wrap(Application inner) {
    Objects.requireNonNull(inner, "inner");
    return connection -> {
      Scope scope = connection.scope();
      if (scope.type() == Scope.Type.CHANNEL) {
        return inner.open(connection);
      }
      Found found = find(scope);
      boolean websocket = scope.type() == Scope.Type.WEBSOCKET;
      if (found.token == null) {
        if (websocket && firstMessage != null) {
          return new FirstMessageAuth(this, inner, connection, found.scope);
        }
        log.info("conn[{}] refused: no bearer token", connection.id());
        return Rejection.of(connection, 401, "bearer token required");
      }
      Token token;
      try {
        token = verifier.verify(found.token);
      } catch (InvalidTokenException e) {
        log.info("conn[{}] refused: {}", connection.id(), e.getMessage());
        return Rejection.of(connection, 401, "invalid token: " + e.getMessage());
      }
      Scope inward = found.scope.withUser(token);
      if (!websocket) {
        return inner.open(connection.withScope(inward));
      }
      Connection view = found.subprotocol
          ? connection.withScope(inward, TokenMiddleware::namingBearer)
          : connection.withScope(inward);
      return TokenExpiry.watch(this, view, inner.open(view), token);
    };
  }

  /** An accept that names no subprotocol names the one the token came with. */
  private static OutboundEvent namingBearer(OutboundEvent event) {
    return event instanceof OutboundEvent.WebSocketAccept a && a.subprotocol() == null
        ? new OutboundEvent.WebSocketAccept(SUBPROTOCOL, a.headers())
        : event;
  }

  /** A token found in a request, and the scope the application sees (without the token). */
  private record Found(@Nullable String token, Scope scope, boolean subprotocol) {}

  private Found find(Scope scope) {
    String auth = scope.headers().first("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Found(auth.substring(7).trim(), scope, false);
    }
    List<String> offered = scope.subprotocols();
    int at = offered.indexOf(SUBPROTOCOL);
    if (at >= 0 && at + 1 < offered.size()) {
      List<String> rest = new ArrayList<>(offered);
      String token = rest.remove(at + 1);
      rest.remove(at);
      return new Found(token, scope.toBuilder().subprotocols(rest).build(), true);
    }
    if (queryParameter != null && scope.queryParam(queryParameter) != null) {
      return new Found(scope.queryParam(queryParameter),
          scope.toBuilder().queryString(without(scope.queryString(), queryParameter)).build(), false);
    }
    return new Found(null, scope, false);
  }

  /** Returns {@code query} without the parameter {@code name}, other parameters as they were. */
  static String without(String query, String name) {
    StringJoiner kept = new StringJoiner("&");
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!key.equals(name) && !pair.isEmpty()) {
        kept.add(pair);
      }
    }
    return kept.toString();
  }

  /** Builds a {@link TokenMiddleware}. */
  public static final class Builder {
    private final JwtVerifier verifier;
    private @Nullable String queryParameter;
    private @Nullable Duration firstMessage;

    private Builder(JwtVerifier verifier) {
      this.verifier = verifier;
    }

    /**
     * Also takes the token from query parameter {@code name} (for example {@code access_token}).
     * Off by default: URLs end up in proxy logs and browser history.
     */
    public Builder queryParameter(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.contains("&") || name.contains("=")) {
        throw new IllegalArgumentException("query parameter name must be non-blank, without '&' or '=': '" + name + "'");
      }
      this.queryParameter = name;
      return this;
    }

    /**
     * Lets a WebSocket with no token in its handshake send it as its first text message within
     * {@code timeout}; the socket is accepted first and closed with {@link #TOKEN_REFUSED} if the
     * message is not a valid token or does not come in time. Off by default.
     */
    public Builder firstMessage(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("firstMessage timeout must be positive: " + timeout);
      }
      this.firstMessage = timeout;
      return this;
    }

    /** Returns the middleware. */
    public TokenMiddleware build() {
      return new TokenMiddleware(this);
    }
  }
}
