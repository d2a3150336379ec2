package dev.switchboard.middleware;

import dev.switchboard.Application;
import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import java.security.Principal;
import java.util.Objects;
import java.util.function.Function;

/**
 * Puts the user logged in to the session ({@link Auth#login}) into the scope, as {@link
 * Scope#user()}, for HTTP requests and WebSockets (through the handshake's cookie). Goes inside a
 * {@link SessionMiddleware}. A session naming a user the loader no longer knows gets no user.
 *
 * <p>Authentication only: what a user may do is the consumer's decision.
 */
public final class AuthMiddleware implements Middleware {
  private final Function<String, @Nullable Principal> users;

  private AuthMiddleware(Function<String, @Nullable Principal> users) {
    this.users = users;
  }

  /**
   * Returns middleware that loads the session's user by name with {@code users}, which runs on
   * the connection's virtual thread and may block (a database lookup).
   */
  public static AuthMiddleware of(Function<String, @Nullable Principal> users) {
    return new AuthMiddleware(Objects.requireNonNull(users, "users"));
  }

  @Override
  public Application wrap(Application inner) {
    Objects.requireNonNull(inner, "inner");
    return connection -> {
      Scope scope = connection.scope();
      if (scope.type() == Scope.Type.CHANNEL) {
        return inner.open(connection);
      }
      String name = Auth.userName(scope);
      Principal user = name == null ? null : users.apply(name);
      return inner.open(user == null ? connection : connection.withScope(scope.withUser(user)));
    };
  }
}
