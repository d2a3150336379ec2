package dev.switchboard.middleware;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A verified JSON Web Token: its subject, expiry and claims. {@link TokenMiddleware} puts it into
 * the scope as the user, so {@code scope.user().getName()} is the subject and {@code
 * (Token) scope.user()} gives the claims.
 *
 * @param subject the {@code sub} claim
 * @param expiresAt the {@code exp} claim
 * @param claims every claim, as JSON-like values
 */
public record Token(String subject, Instant expiresAt, Map<String, Object> claims) implements Principal {
  /** Creates the token; the claims are copied. */
  public Token {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    claims = Map.copyOf(claims);
  }

  @Override
  public String getName() {
    return subject;
  }

  @Override
  public String toString() {
    return "Token[sub=" + subject + ", exp=" + expiresAt + "]"; // claims may be personal data
  }
}
