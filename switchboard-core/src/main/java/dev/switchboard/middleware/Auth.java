package dev.switchboard.middleware;

import dev.switchboard.Nullable;
import dev.switchboard.Scope;
import java.security.Principal;
import java.util.Objects;

/**
 * Logging users in and out of a {@link Session}. Both rotate the session id, so an id an attacker
 * planted or saw before (session fixation) is worthless afterwards. The user is found again on
 * later requests by {@link AuthMiddleware}.
 *
 * <pre>{@code
 * if (passwords.check(name, password)) {
 *   Auth.login(conn.scope(), new UserPrincipal(name));
 * }
 * }</pre>
 */
public final class Auth {
  /** The session key holding the logged-in user's name. */
  public static final String USER_KEY = "_auth_user";

  private Auth() {}

  /**
   * Records {@code user} as logged in to the scope's session and gives the session a new id. The
   * scope itself is immutable: the user appears in the scope of later connections and requests.
   *
   * @throws IllegalStateException if no {@link SessionMiddleware} wraps the application
   */
  public static void login(Scope scope, Principal user) {
    Objects.requireNonNull(user, "user");
    Session session = Session.of(scope);
    session.rotate();
    session.put(USER_KEY, user.getName());
  }

  /**
   * Empties the scope's session and gives it a new id.
   *
   * @throws IllegalStateException if no {@link SessionMiddleware} wraps the application
   */
  public static void logout(Scope scope) {
    Session.of(scope).invalidate();
  }

  /** Returns the name of the user logged in to the scope's session, or null. */
  public static @Nullable String userName(Scope scope) {
    return Session.of(scope).get(USER_KEY) instanceof String name ? name : null;
  }
}
