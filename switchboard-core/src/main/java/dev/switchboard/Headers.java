package dev.switchboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable HTTP headers: names compare case-insensitively, a name may have several values, and
 * insertion order is kept.
 */
public final class Headers {
  /** No headers. */
  public static final Headers EMPTY = new Headers(Map.of());

  private final Map<String, List<String>> values; // keys lower-cased

  private Headers(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * Returns headers from name/value pairs: {@code Headers.of("content-type", "text/plain")}.
   *
   * @throws IllegalArgumentException if {@code namesAndValues} has an odd length
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "namesAndValues must alternate names and values: odd length " + namesAndValues.length);
    }
    Builder b = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  /** Returns a builder of headers. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the first value of {@code name}, or null if absent. */
  public @Nullable String first(String name) {
    List<String> v = values.get(name.toLowerCase(Locale.ROOT));
    return v == null ? null : v.get(0);
  }

  /** Returns all values of {@code name}, in order; empty if absent. */
  public List<String> all(String name) {
    return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** Returns whether {@code name} is present. */
  public boolean contains(String name) {
    return values.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Returns the header names, lower-cased, in insertion order. */
  public Set<String> names() {
    return values.keySet();
  }

  /** Returns whether there are no headers. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Returns a builder that starts with these headers. */
  public Builder toBuilder() {
    Builder b = new Builder();
    values.forEach((k, v) -> v.forEach(x -> b.add(k, x)));
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h && h.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Headers" + values.keySet();
  }

  /** Builds {@link Headers}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a value for {@code name}, keeping earlier ones. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header name must not be empty");
      }
      values.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
      return this;
    }

    /** Replaces all values of {@code name} with {@code value}. */
    public Builder set(String name, String value) {
      values.remove(name.toLowerCase(Locale.ROOT));
      return add(name, value);
    }

    /** Returns the immutable headers. */
    public Headers build() {
      if (values.isEmpty()) {
        return EMPTY;
      }
      Map<String, List<String>> copy = new LinkedHashMap<>();
      values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return new Headers(Collections.unmodifiableMap(copy));
    }
  }
}
