package dev.switchboard.redis;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Turns messages into bodies and back: CBOR (binary JSON) of {@code [type, fields]}, sealed by a
 * {@link BodyCipher} when encryption is on.
 *
 * <p>CBOR keeps what the layer contract needs exactly: byte arrays travel as byte strings and come
 * back as {@code byte[]}, integers come back as {@code Integer} when they fit an int and {@code
 * Long} otherwise, decimals as {@code Double}, maps and lists in order.
 *
 * <p>A body starts with one format byte: {@code 0} plain CBOR, {@code 1} sealed. A layer with
 * encryption refuses plain bodies (someone without the keys wrote them) and a layer without it
 * refuses sealed ones, each with a message that says so.
 */
final class MessageCodec {
  private static final byte PLAIN = 0;
  private static final byte SEALED = 1;
  private static final ObjectMapper CBOR = new ObjectMapper(
      CBORFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
  private static final TypeReference<List<Object>> PAIR = new TypeReference<>() {};

  private final @Nullable BodyCipher cipher;

  MessageCodec(@Nullable BodyCipher cipher) {
    this.cipher = cipher;
  }

  /** Returns whether bodies are encrypted. */
  boolean encrypting() {
    return cipher != null;
  }

  /**
   * Encodes a message.
   *
   * @throws IllegalArgumentException if a field holds a value CBOR cannot carry
   */
  byte[] encode(Message message) {
    byte[] cbor;
    try {
      cbor = CBOR.writeValueAsBytes(new Object[] {message.type(), message.fields()});
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "message '" + message.type() + "' has a field the Redis layer cannot encode: " + e, e);
    }
    if (cipher == null) {
      byte[] out = new byte[cbor.length + 1];
      out[0] = PLAIN;
      System.arraycopy(cbor, 0, out, 1, cbor.length);
      return out;
    }
    byte[] sealed = cipher.seal(cbor);
    byte[] out = new byte[sealed.length + 1];
    out[0] = SEALED;
    System.arraycopy(sealed, 0, out, 1, sealed.length);
    return out;
  }

  /**
   * Decodes the body at {@code bytes[offset..]}.
   *
   * @throws IllegalArgumentException if the body is malformed, sealed with an unknown key, or its
   *     encryption does not match this layer's
   */
  Message decode(byte[] bytes, int offset) {
    int length = bytes.length - offset;
    if (length < 1) {
      throw new IllegalArgumentException("empty message body");
    }
    byte format = bytes[offset];
    byte[] cbor;
    int from;
    int len;
    if (format == SEALED) {
      if (cipher == null) {
        throw new IllegalArgumentException(
            "message is encrypted but this layer has no encryptionKeys");
      }
      cbor = cipher.open(bytes, offset + 1, length - 1);
      from = 0;
      len = cbor.length;
    } else if (format == PLAIN) {
      if (cipher != null) {
        throw new IllegalArgumentException(
            "message is not encrypted but this layer requires encryption; refused");
      }
      cbor = bytes;
      from = offset + 1;
      len = length - 1;
    } else {
      throw new IllegalArgumentException("unknown message body format " + format);
    }
    try {
      List<Object> pair = CBOR.readValue(cbor, from, len, PAIR);
      if (pair.size() != 2 || !(pair.get(0) instanceof String type)
          || !(pair.get(1) instanceof Map<?, ?> fields)) {
        throw new IllegalArgumentException("message body is not [type, fields]");
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) fields;
      return Message.of(type, typed);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed message body: " + e.getMessage(), e);
    }
  }
}
