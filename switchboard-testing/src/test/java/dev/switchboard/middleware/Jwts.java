package dev.switchboard.middleware;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Keys and signed tokens for tests, made with nimbus-jose-jwt. */
final class Jwts {
  static final byte[] SECRET = "an HS256 secret of 32 bytes or more".getBytes(StandardCharsets.US_ASCII);
  static final String ISSUER = "https://id.test";
  static final String AUDIENCE = "chat";

  private Jwts() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims for subject {@code sub}, issuer and audience set, expiring in {@code ttl}. */
  static JWTClaimsSet.Builder claims(String sub, Duration ttl) {
    return new JWTClaimsSet.Builder().subject(sub).issuer(ISSUER).audience(AUDIENCE)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(ttl)));
  }

  static String hs256(String sub, Duration ttl) {
    return sign(JWSAlgorithm.HS256, null, claims(sub, ttl).build());
  }

  static String hs256(UnaryOperator<JWTClaimsSet.Builder> edit) {
    return sign(JWSAlgorithm.HS256, null, edit.apply(claims("ada", Duration.ofMinutes(5))).build());
  }

  static String signed(JWK key, String sub, Duration ttl) {
    JWSAlgorithm alg = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    return sign(alg, key, claims(sub, ttl).build());
  }

  static String sign(JWSAlgorithm alg, JWK key, JWTClaimsSet claims) {
    try {
      JWSSigner signer = switch (key) {
        case null -> new MACSigner(SECRET);
        case RSAKey r -> new RSASSASigner(r);
        case ECKey e -> new ECDSASigner(e);
        default -> throw new IllegalArgumentException("key " + key);
      };
      JWSHeader header = new JWSHeader.Builder(alg).keyID(key == null ? null : key.getKeyID()).build();
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JwtVerifier hs256Verifier() {
    return JwtVerifier.hs256(SECRET).issuer(ISSUER).audience(AUDIENCE).clockSkew(Duration.ZERO).build();
  }
}
