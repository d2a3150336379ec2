package dev.switchboard.examples.live;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The socket tokens of the pattern: the API pool signs {@code {"sub": user}} (HS256, with an
 * expiry) for the page, which presents it to the WebSocket pool; both pools hold the same
 * secret, and only the socket pool's check decides which private group a socket joins, so one
 * user cannot listen to another's messages.
 */
public final class LiveTokens {
  /** User names: letters, digits, '_' and '-', 1 to 32. */
  public static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final byte[] secret;
  private final Duration ttl;
  private final Clock clock;

  /**
   * Creates the tokens of {@code secret}.
   *
   * @param secret at least 32 bytes of UTF-8 (HS256 needs 256 bits)
   * @param ttl how long a token is valid
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public LiveTokens(String secret, Duration ttl, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    if (this.secret.length < 32) {
      throw new IllegalArgumentException("the token secret must be at least 32 bytes (HS256): got "
          + this.secret.length);
    }
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Returns a random secret of 64 hex digits, for a single process that shares it with nobody. */
  public static String randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Signs a token for {@code user}.
   *
   * @throws IllegalArgumentException if the name breaks {@link #USER}
   */
  public String issue(String user) {
    if (user == null || !USER.matcher(user).matches()) {
      throw new IllegalArgumentException("user must be 1 to 32 letters, digits, '_' or '-': " + user);
    }
    JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(user)
        .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plus(ttl))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("HS256 signing with a checked key cannot fail", e);
    }
    return jwt.serialize();
  }

  /**
   * Returns the user of a valid token.
   *
   * @throws IllegalArgumentException naming why the token is refused: malformed, not HS256, bad
   *     signature, expired, or no valid user
   */
  public String verify(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("no token");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new IllegalArgumentException("malformed token");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
      throw new IllegalArgumentException("token algorithm must be HS256");
    }
    try {
      if (!jwt.verify(new MACVerifier(secret))) {
        throw new IllegalArgumentException("bad token signature");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (exp == null || !exp.toInstant().isAfter(clock.instant())) {
        throw new IllegalArgumentException("token expired");
      }
      String user = claims.getSubject();
      if (user == null || !USER.matcher(user).matches()) {
        throw new IllegalArgumentException("token names no valid user");
      }
      return user;
    } catch (JOSEException | ParseException e) {
      throw new IllegalArgumentException("unverifiable token: " + e.getMessage());
    }
  }
}
