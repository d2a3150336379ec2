package dev.switchboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An immutable channel-layer message: a {@code type} such as {@code "chat.message"} that selects
 * the handler, and fields of the kinds CBOR carries: strings, numbers, booleans, null, byte
 * arrays, and lists and maps of these.
 *
 * <p>Messages cross process boundaries on the Redis layer, which encodes them as CBOR (byte arrays
 * stay binary), so fields must survive that round trip: other objects (records, dates) do not.
 * Fields are not checked deeply on construction.
 */
public final class Message {
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  /**
   * The type of a ready WebSocket frame: a message {@code {"type": "websocket.send", "text": ...}}
   * (or {@code "bytes"}) that a consumer without a handler for it forwards to its client as is.
   * Group sends of such messages take the fast lane: the server writes them to each local member's
   * socket without waking the member's consumer.
   */
  public static final String WEBSOCKET_SEND = "websocket.send";

  private final String type;
  private final Map<String, @Nullable Object> fields;
  // One-entry caches of values derived from this immutable message, shared by every socket a
  // group send reaches: a string field's UTF-8 form, and a transport's encoded frame.
  private volatile @Nullable Utf8 utf8;
  private volatile @Nullable Derived derived;

  private record Utf8(String key, byte[] bytes) {}

  private record Derived(Object key, Object value) {}

  private Message(String type, Map<String, @Nullable Object> fields) {
    this.type = type;
    this.fields = fields;
  }

  /**
   * Returns a message with no fields.
   *
   * @throws IllegalArgumentException if {@code type} breaks the rule: ASCII letters, digits,
   *     '_', '.' or '-', 1 to 100 characters
   */
  public static Message of(String type) {
    return new Message(checkType(type), Map.of());
  }

  /** Returns a message with one field. */
  public static Message of(String type, String key, @Nullable Object value) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>(2);
    m.put(Objects.requireNonNull(key, "key"), value);
    return new Message(checkType(type), Collections.unmodifiableMap(m));
  }

  /** Returns a message with two fields. */
  public static Message of(
      String type, String key1, @Nullable Object value1, String key2, @Nullable Object value2) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>(4);
    m.put(Objects.requireNonNull(key1, "key1"), value1);
    m.put(Objects.requireNonNull(key2, "key2"), value2);
    return new Message(checkType(type), Collections.unmodifiableMap(m));
  }

  /**
   * Returns a message with the given fields (copied). A {@code "type"} key among the fields is
   * refused: the type is its own argument.
   */
  public static Message of(String type, Map<String, ?> fields) {
    if (fields.containsKey("type")) {
      throw new IllegalArgumentException(
          "fields must not contain 'type': pass the type as the first argument");
    }
    return new Message(checkType(type), Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
  }

  /**
   * Returns a ready text frame for group sends: {@code websocket.send} with field {@code text}.
   *
   * <pre>{@code groupSend("chat_lobby", Message.textFrame("{\"message\":\"hi\"}"));}</pre>
   */
  public static Message textFrame(String text) {
    return new Message(WEBSOCKET_SEND, Map.of("text", Objects.requireNonNull(text, "text")));
  }

  /** Returns a ready binary frame for group sends: {@code websocket.send} with field {@code bytes}. */
  public static Message binaryFrame(byte[] bytes) {
    return new Message(WEBSOCKET_SEND, Map.of("bytes", Objects.requireNonNull(bytes, "bytes")));
  }

  /**
   * Returns string field {@code key} encoded as UTF-8, computed once per message and shared: the
   * caller must not modify the array. Used by transports to encode a group message once for all
   * its recipients.
   *
   * @throws IllegalArgumentException if the field is absent or not a string
   */
  public byte[] utf8(String key) {
    Utf8 cached = utf8;
    if (cached != null && cached.key().equals(key)) {
      return cached.bytes();
    }
    byte[] bytes = getString(key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    utf8 = new Utf8(key, bytes);
    return bytes;
  }

  /**
   * Returns a value derived from this message, computing it once per key: transports use it to
   * encode a group message once for all its recipients. The cache holds one key at a time; the
   * computation must be a pure function of the message (it may run more than once under races).
   *
   * @param key identifies the derivation; compared by identity
   * @param compute derives the value
   */
  @SuppressWarnings("unchecked")
  public <T> T derive(Object key, java.util.function.Function<? super Message, ? extends T> compute) {
    Derived d = derived;
    if (d != null && d.key() == key) {
      return (T) d.value();
    }
    T value = Objects.requireNonNull(compute.apply(this), "derived value");
    derived = new Derived(key, value);
    return value;
  }

  /**
   * Returns the value {@link #derive derived} for {@code key} if it is cached, else null.
   *
   * @param key identifies the derivation; compared by identity
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T derived(Object key) {
    Derived d = derived;
    return d != null && d.key() == key ? (T) d.value() : null;
  }

  private static String checkType(String type) {
    Objects.requireNonNull(type, "type");
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "message type must be ASCII letters, digits, '_', '.' or '-', 1 to 100 characters: '"
              + type
              + "'");
    }
    return type;
  }

  /** Returns the type that selects the handler, such as {@code "chat.message"}. */
  public String type() {
    return type;
  }

  /** Returns the fields, unmodifiable, without the type. */
  public Map<String, @Nullable Object> fields() {
    return fields;
  }

  /** Returns the value of field {@code key}, or null if absent. */
  public @Nullable Object get(String key) {
    return fields.get(key);
  }

  /**
   * Returns field {@code key} as a string.
   *
   * @throws IllegalArgumentException if it is absent or not a string
   */
  public String getString(String key) {
    Object v = fields.get(key);
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        "message '" + type + "' field '" + key + "' must be a string, was " + describe(v));
  }

  /**
   * Returns field {@code key} as a long.
   *
   * @throws IllegalArgumentException if it is absent or not an integral number
   */
  public long getLong(String key) {
    Object v = fields.get(key);
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    throw new IllegalArgumentException(
        "message '" + type + "' field '" + key + "' must be an integer, was " + describe(v));
  }

  /** Returns a copy with field {@code key} set to {@code value}. */
  public Message with(String key, @Nullable Object value) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>(fields);
    m.put(Objects.requireNonNull(key, "key"), value);
    return new Message(type, Collections.unmodifiableMap(m));
  }

  private static String describe(@Nullable Object v) {
    return v == null ? "absent or null" : v.getClass().getSimpleName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message m && m.type.equals(type) && deepEquals(m.fields, fields);
  }

  private static boolean deepEquals(Map<String, ?> a, Map<String, ?> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<String, ?> e : a.entrySet()) {
      Object x = e.getValue();
      Object y = b.get(e.getKey());
      if (x instanceof byte[] xa && y instanceof byte[] ya) {
        if (!java.util.Arrays.equals(xa, ya)) {
          return false;
        }
      } else if (!Objects.equals(x, y) || (y == null && !b.containsKey(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + fields.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "Message[" + type + ", fields=" + List.copyOf(fields.keySet()) + "]";
  }
}
