package dev.switchboard.middleware;

import dev.switchboard.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cookie whose value is signed with HMAC-SHA256, so a client can neither forge nor alter it:
 * {@code value.signature}, the signature base64url without padding. The value itself is not
 * secret (it is a random session id). Immutable and thread-safe.
 */
final class SignedCookie {
  private static final String ALGORITHM = "HmacSHA256";

  private final String name;
  private final SecretKeySpec key;
  private final Duration maxAge;

  SignedCookie(String name, byte[] secret, Duration maxAge) {
    this.name = name;
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.maxAge = maxAge;
  }

  /** Returns the signed cookie value for {@code value}. */
  String sign(String value) {
    return value + "." + mac(value);
  }

  /** Returns the value of a signed cookie value, or null if the signature does not match. */
  @Nullable
  String verify(@Nullable String signed) {
    if (signed == null) {
      return null;
    }
    int dot = signed.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String value = signed.substring(0, dot);
    byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = mac(value).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, expected) ? value : null;
  }

  /** Returns the Set-Cookie header value carrying {@code value}: HttpOnly, SameSite=Lax. */
  String header(String value, boolean secure) {
    return name + "=" + sign(value) + "; Path=/; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }

  String name() {
    return name;
  }

  private String mac(String value) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] sig = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
