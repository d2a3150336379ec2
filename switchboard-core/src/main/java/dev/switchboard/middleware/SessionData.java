package dev.switchboard.middleware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule for session values, checked where they enter a session: JSON-like values only
 * (strings, numbers, booleans, null, lists and string-keyed maps of those), so any store can keep
 * them and what a store gives back equals what was put in (a Long that fits an int is kept as an
 * Integer, as a JSON parser reads it back).
 */
final class SessionData {
  private SessionData() {}

  /**
   * Returns a deep copy of {@code data}.
   *
   * @throws IllegalArgumentException naming the key of a value that is not JSON-like
   */
  static Map<String, Object> copy(Map<String, ?> data) {
    Map<String, Object> out = new LinkedHashMap<>();
    data.forEach((k, v) -> out.put(k, value(k, v)));
    return out;
  }

  static Object value(String key, Object v) {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Integer i -> i;
      case Long l -> l == l.intValue() ? Integer.valueOf(l.intValue()) : l; // as JSON reads it
      case Double d -> d;
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), value(key, x)));
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        l.forEach(x -> out.add(value(key, x)));
        yield out;
      }
      default -> throw new IllegalArgumentException(
          "session value for '" + key + "' must be a String, Boolean, Integer, Long, Double, List"
              + " or Map of those: " + v.getClass().getName());
    };
  }
}
