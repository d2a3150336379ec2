package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.Scope;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Wraps an application to check or extend what it sees, as ASGI middleware does. Middleware
 * keeps no per-connection state on itself; it derives a new {@link Scope} and passes it inward.
 *
 * <pre>{@code
 * Application app = Middleware.chain(router, OriginValidator.sameHost(), auth);
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

  /** Returns an application that applies this middleware, then runs {@code inner}. */
  Application wrap(Application inner);

  /**
   * Wraps {@code app} in the given middleware; the first listed is the outermost (it sees the
   * connection first).
   */
  static Application chain(Application app, Middleware... outermostFirst) {
    Objects.requireNonNull(app, "app");
    Application result = app;
    for (int i = outermostFirst.length - 1; i >= 0; i--) {
      result = Objects.requireNonNull(outermostFirst[i], "middleware").wrap(result);
    }
    return result;
  }

  /**
   * Returns middleware that derives the inner scope from the outer one, for example to set the
   * user from a token: {@code Middleware.scope(s -> s.withUser(users.byToken(s.queryParam("t"))))}.
   * The function runs on the connection's virtual thread and may block.
   */
  static Middleware scope(UnaryOperator<Scope> derive) {
    Objects.requireNonNull(derive, "derive");
    return inner ->
        connection -> inner.open(connection.withScope(derive.apply(connection.scope())));
  }
}
