package dev.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signatures, algorithms, claims and key sets of JSON Web Tokens. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtVerifierTest {
  private final JwtVerifier hs = Jwts.hs256Verifier();

  @Test
  void hs256TokenIsVerifiedWithItsClaims() throws Exception {
    Token t = hs.verify(Jwts.hs256("ada", Duration.ofMinutes(5)));
    assertThat(t.getName()).isEqualTo("ada");
    assertThat(t.claims()).containsEntry("iss", Jwts.ISSUER);
    assertThat(t.expiresAt()).isAfter(Instant.now());
    assertThat(t.toString()).doesNotContain(Jwts.ISSUER);
  }

  @Test
  void expiredNotYetValidForeignOrIncompleteTokensAreRefusedSayingWhy() {
    assertRefused(Jwts.hs256("ada", Duration.ofSeconds(-5)), "expired");
    assertRefused(Jwts.hs256(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(60)))), "before");
    assertRefused(Jwts.hs256(c -> c.audience("billing")), "aud");
    assertRefused(Jwts.hs256(c -> c.issuer("https://evil.test")), "iss");
    assertRefused(Jwts.hs256(c -> c.expirationTime(null)), "exp");
    assertRefused(Jwts.hs256(c -> c.subject(null)), "sub");
    assertRefused("not.a.token", "malformed");
    assertRefused("", "no token");
  }

  @Test
  void aWrongSignatureOrAlgorithmNoneIsRefused() throws Exception {
    String good = Jwts.hs256("ada", Duration.ofMinutes(5));
    String[] parts = good.split("\\.");
    String otherSig = Jwts.hs256("eve", Duration.ofMinutes(5)).split("\\.")[2];
    assertRefused(parts[0] + "." + parts[1] + "." + otherSig, "");
    String none = Base64URL.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    assertRefused(none, "");
    JwtVerifier otherSecret = JwtVerifier.hs256(new byte[32]).build();
    assertThatThrownBy(() -> otherSecret.verify(good)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void rs256AndEs256AreVerifiedWithPublicKeysOnly() throws Exception {
    RSAKey rsa = Jwts.rsa("r1");
    ECKey ec = Jwts.ec("e1");
    JwtVerifier keys = JwtVerifier.keys(new JWKSet(java.util.List.of(rsa, ec))).audience(Jwts.AUDIENCE).build();
    assertThat(keys.verify(Jwts.signed(rsa, "ada", Duration.ofMinutes(1))).getName()).isEqualTo("ada");
    assertThat(keys.verify(Jwts.signed(ec, "bob", Duration.ofMinutes(1))).getName()).isEqualTo("bob");
    // an HS256 token "signed" with anything must not pass a verifier of public keys
    assertThatThrownBy(() -> keys.verify(Jwts.hs256("eve", Duration.ofMinutes(1))))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> keys.verify(Jwts.signed(Jwts.rsa("r1"), "eve", Duration.ofMinutes(1))))
        .as("same key id, other key").isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void jwksFromAUrlIsCachedAndRefreshedWhenAKeyRotates() throws Exception {
    RSAKey first = Jwts.rsa("k1");
    ECKey second = Jwts.ec("k2");
    AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(first));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks.json", exchange -> {
      fetches.incrementAndGet();
      byte[] body = published.get().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    jwks.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
      JwtVerifier verifier = JwtVerifier.jwks(url, Duration.ofSeconds(1)).issuer(Jwts.ISSUER).build();
      for (int i = 0; i < 5; i++) {
        assertThat(verifier.verify(Jwts.signed(first, "ada", Duration.ofMinutes(1))).getName()).isEqualTo("ada");
      }
      assertThat(fetches.get()).as("fetched once, then cached").isEqualTo(1);

      published.set(new JWKSet(second)); // the identity provider rotates its key
      String rotated = Jwts.signed(second, "bob", Duration.ofMinutes(1));
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        try {
          return verifier.verify(rotated).getName().equals("bob");
        } catch (InvalidTokenException e) {
          return false;
        }
      });
      assertThat(fetches.get()).isBetween(2, 12);
    } finally {
      jwks.stop(0);
    }
  }

  @Test
  void configurationIsCheckedWithTheRule() {
    assertThatThrownBy(() -> JwtVerifier.hs256(new byte[16]))
        .hasMessage("secret must be at least 32 bytes (256 bits) for HS256: 16");
    assertThatThrownBy(() -> JwtVerifier.jwks(URI.create("file:///etc/jwks"), Duration.ofMinutes(1)))
        .hasMessageStartingWith("jwks url must be http or https");
    assertThatThrownBy(() -> JwtVerifier.hs256(Jwts.SECRET).clockSkew(Duration.ofHours(1)))
        .hasMessageStartingWith("clockSkew must be from 0 to 10 minutes");
  }

  private void assertRefused(String token, String reason) {
    assertThatThrownBy(() -> hs.verify(token)).isInstanceOf(InvalidTokenException.class)
        .message().containsIgnoringCase(reason).doesNotContain(token.isEmpty() ? "\u0000" : token);
  }
}
