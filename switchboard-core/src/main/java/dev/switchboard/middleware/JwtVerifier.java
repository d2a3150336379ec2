package dev.switchboard.middleware;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.Nullable;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies JSON Web Tokens with nimbus-jose-jwt: the signature (HS256 with a shared secret, or
 * RS256 and ES256 with public keys given or fetched from a JWKS URL), then {@code exp} (required),
 * {@code nbf}, {@code iss} and {@code aud}, with a clock skew of 60 s by default. A key set from a
 * URL is cached and refreshed when it expires or when a token names a key it does not hold (a key
 * rotation), at most once per half a cache lifetime (30 s at most). Thread-safe; build one and
 * share it.
 *
 * <pre>{@code
 * JwtVerifier jwt = JwtVerifier.jwks(URI.create("https://id.example.com/.well-known/jwks.json"),
 *         Duration.ofMinutes(5))
 *     .issuer("https://id.example.com").audience("chat").build();
 * }</pre>
 */
public final class JwtVerifier {
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  private JwtVerifier(Builder b) {
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(b.algorithms, b.keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        b.audiences.isEmpty() ? null : b.audiences,
        b.issuer == null ? null : new JWTClaimsSet.Builder().issuer(b.issuer).build(),
        Set.of("sub", "exp"),
        null);
    claims.setMaxClockSkew((int) b.clockSkew.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * Returns a builder for HS256 tokens signed with {@code secret}.
   *
   * @throws IllegalArgumentException if the secret is shorter than 32 bytes
   */
  public static Builder hs256(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException(
          "secret must be at least 32 bytes (256 bits) for HS256: " + secret.length);
    }
    return new Builder(new ImmutableSecret<>(secret.clone()), Set.of(JWSAlgorithm.HS256));
  }

  /** Returns a builder for RS256 and ES256 tokens signed by the keys of {@code publicKeys}. */
  public static Builder keys(JWKSet publicKeys) {
    return new Builder(new ImmutableJWKSet<>(publicKeys.toPublicJWKSet()), asymmetric());
  }

  /**
   * Returns a builder for RS256 and ES256 tokens signed by keys fetched from the JWKS document at
   * {@code url}, kept {@code cacheTtl} (fetches time out after 5 s; a failed refresh keeps the
   * keys it had).
   *
   * @throws IllegalArgumentException if the URL is not http(s) or the TTL is under one second
   */
  public static Builder jwks(URI url, Duration cacheTtl) {
    Objects.requireNonNull(url, "url");
    if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
      throw new IllegalArgumentException("jwks url must be http or https: " + url);
    }
    if (cacheTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("cacheTtl must be at least one second: " + cacheTtl);
    }
    long ttl = cacheTtl.toMillis();
    try {
      JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(url.toURL())
          .cache(ttl, Math.min(ttl / 4, 15_000))
          .refreshAheadCache(Math.min(ttl / 4, 30_000), false) // refreshed on use, before expiry
          .rateLimited(Math.min(ttl / 2, 30_000))
          .outageTolerant(ttl * 10)
          .build();
      return new Builder(source, asymmetric());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("jwks url is not a URL: " + url, e);
    }
  }

  private static Set<JWSAlgorithm> asymmetric() {
    return Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  }

  /**
   * Returns the verified token.
   *
   * @throws InvalidTokenException saying why the token is refused (never quoting it)
   */
  public Token verify(String jwt) throws InvalidTokenException {
    if (jwt == null || jwt.isBlank()) {
      throw new InvalidTokenException("no token");
    }
    try {
      JWTClaimsSet claims = processor.process(jwt, null);
      return new Token(claims.getSubject(), claims.getExpirationTime().toInstant(), claims.toJSONObject());
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed token");
    } catch (BadJOSEException e) {
      throw new InvalidTokenException(e.getMessage());
    } catch (JOSEException e) {
      throw new InvalidTokenException("token not verified: " + e.getMessage());
    }
  }

  /** Builds a {@link JwtVerifier}; each setter checks its argument. */
  public static final class Builder {
    private final JWKSource<SecurityContext> keys;
    private final Set<JWSAlgorithm> algorithms;
    private final Set<String> audiences = new HashSet<>();
    private @Nullable String issuer;
    private Duration clockSkew = Duration.ofSeconds(60);

    private Builder(JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms) {
      this.keys = keys;
      this.algorithms = algorithms;
    }

    /** Requires the {@code iss} claim to equal {@code issuer}. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Requires the {@code aud} claim to hold one of {@code audiences}. */
    public Builder audience(String... audiences) {
      this.audiences.addAll(List.of(audiences));
      return this;
    }

    /** Sets the tolerance for {@code exp} and {@code nbf} against this clock (default 60 s). */
    public Builder clockSkew(Duration skew) {
      if (skew.isNegative() || skew.toSeconds() > 600) {
        throw new IllegalArgumentException("clockSkew must be from 0 to 10 minutes: " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** Returns the verifier. */
    public JwtVerifier build() {
      return new JwtVerifier(this);
    }
  }
}
