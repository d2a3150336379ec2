package dev.switchboard.redis;

import dev.switchboard.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of message bodies with key rotation: the first key encrypts, every key
 * decrypts.
 *
 * <p>Each secret string becomes a 256-bit key by SHA-256 over a fixed context label and the
 * secret's UTF-8 bytes; secrets should therefore be long random strings (at least 16 characters
 * are required), not passwords. A sealed body is {@code [4-byte key id][12-byte random
 * nonce][ciphertext and 16-byte tag]}; the key id (the first 4 bytes of SHA-256 of the key) picks
 * the decrypting key without trial and error. GCM authenticates, so a body altered in Redis or
 * sealed with an unknown key fails to open instead of yielding garbage.
 *
 * <p>Rotation: deploy {@code [new, old]} everywhere (old messages still open, new ones use the new
 * key), then {@code [new]} once nothing sealed with the old key can be waiting (after the message
 * expiry).
 */
final class BodyCipher {
  static final int MIN_SECRET_LENGTH = 16;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final String CONTEXT = "switchboard-redis-layer-v1:";

  private final List<Key> keys = new ArrayList<>();
  private final Map<Integer, Key> byId = new HashMap<>();
  private final SecureRandom random = new SecureRandom();

  private record Key(int id, SecretKeySpec spec) {}

  /**
   * Creates a cipher from secret strings.
   *
   * @throws IllegalArgumentException if there is no secret, or one is shorter than 16 characters
   */
  BodyCipher(List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("encryptionKeys must hold at least one key");
    }
    for (int i = 0; i < secrets.size(); i++) {
      String secret = secrets.get(i);
      if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException(
            "encryptionKeys["
                + i
                + "] must be a secret of at least "
                + MIN_SECRET_LENGTH
                + " characters (a long random string)");
      }
      byte[] material = sha256((CONTEXT + secret).getBytes(StandardCharsets.UTF_8));
      int id = ByteBuffer.wrap(sha256(material)).getInt();
      Key key = new Key(id, new SecretKeySpec(material, "AES"));
      keys.add(key);
      byId.putIfAbsent(id, key);
    }
  }

  /** Encrypts {@code plain} with the first key. */
  byte[] seal(byte[] plain) {
    Key key = keys.get(0);
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.spec, new GCMParameterSpec(TAG_BITS, nonce));
      ByteBuffer out = ByteBuffer.allocate(4 + NONCE + c.getOutputSize(plain.length));
      out.putInt(key.id).put(nonce);
      c.doFinal(ByteBuffer.wrap(plain), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed: " + e, e);
    }
  }

  /**
   * Decrypts a sealed body at {@code bytes[offset..offset+length)}.
   *
   * @throws IllegalArgumentException if no configured key sealed it or it was altered
   */
  byte[] open(byte[] bytes, int offset, int length) {
    if (length < 4 + NONCE + TAG_BITS / 8) {
      throw new IllegalArgumentException("encrypted body too short: " + length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    int id = in.getInt();
    @Nullable Key key = byId.get(id);
    if (key == null) {
      throw new IllegalArgumentException(
          "message sealed with a key not among encryptionKeys (key id " + Integer.toHexString(id) + ")");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          key.spec,
          new GCMParameterSpec(TAG_BITS, bytes, offset + 4, NONCE));
      return c.doFinal(bytes, offset + 4 + NONCE, length - 4 - NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("encrypted message failed authentication: " + e, e);
    }
  }

  private static byte[] sha256(byte[] in) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(in);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
