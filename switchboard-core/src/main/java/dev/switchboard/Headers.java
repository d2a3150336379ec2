package dev.switchboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Immutable HTTP headers: names compare case-insensitively, a name may have several values, and
 * the order of first appearance is kept (values of one name stay together, in order).
 *
 * <p>Every open connection keeps its handshake headers in its scope, so the representation is
 * compact: one array of lower-cased names and values, with common names shared between
 * connections. Lookups scan it; requests carry a few dozen headers at most.
 */
public final class Headers {
  /** No headers. */
  public static final Headers EMPTY = new Headers(new String[0]);

  private static final int SHARED_NAMES = 512;
  // Lower-cased forms of the names seen so far, as sent; bounded so odd names cannot grow it.
  private static final ConcurrentHashMap<String, String> NAMES = new ConcurrentHashMap<>();

  private final String[] pairs; // name0, value0, name1, value1, ...; names lower-cased

  private Headers(String[] pairs) {
    this.pairs = pairs;
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
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equalsIgnoreCase(name)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  /** Returns all values of {@code name}, in order; empty if absent. */
  public List<String> all(String name) {
    List<String> out = null;
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equalsIgnoreCase(name)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(pairs[i + 1]);
      }
    }
    return out == null ? List.of() : Collections.unmodifiableList(out);
  }

  /** Returns whether {@code name} is present. */
  public boolean contains(String name) {
    return first(name) != null;
  }

  /** Returns the header names, lower-cased, in order of first appearance. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < pairs.length; i += 2) {
      names.add(pairs[i]);
    }
    return Collections.unmodifiableSet(names);
  }

  /** Returns whether there are no headers. */
  public boolean isEmpty() {
    return pairs.length == 0;
  }

  /** Returns a builder that starts with these headers. */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      b.add(pairs[i], pairs[i + 1]);
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers h && Arrays.equals(h.pairs, pairs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pairs);
  }

  @Override
  public String toString() {
    return "Headers" + names();
  }

  private static String lower(String name) {
    String shared = NAMES.get(name);
    if (shared != null) {
      return shared;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (NAMES.size() < SHARED_NAMES) {
      String previous = NAMES.putIfAbsent(name, lower);
      return previous == null ? lower : previous;
    }
    return lower;
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
      values.computeIfAbsent(lower(name), k -> new ArrayList<>(1)).add(value);
      return this;
    }

    /** Replaces all values of {@code name} with {@code value}. */
    public Builder set(String name, String value) {
      values.remove(lower(name));
      return add(name, value);
    }

    /** Returns the immutable headers. */
    public Headers build() {
      if (values.isEmpty()) {
        return EMPTY;
      }
      int n = 0;
      for (List<String> v : values.values()) {
        n += v.size();
      }
      String[] pairs = new String[n * 2];
      int i = 0;
      for (Map.Entry<String, List<String>> e : values.entrySet()) {
        for (String v : e.getValue()) {
          pairs[i++] = e.getKey();
          pairs[i++] = v;
        }
      }
      return new Headers(pairs);
    }
  }
}
