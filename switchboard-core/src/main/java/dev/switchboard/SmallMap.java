package dev.switchboard;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, insertion-ordered map kept in one array of alternating keys and values, for the
 * few-entry maps a {@link Scope} carries (path parameters, attributes). Lookups scan; every open
 * WebSocket keeps its scope's maps, and a {@code LinkedHashMap} of two entries costs four times
 * the memory.
 *
 * <p>Keys are distinct (copied from a map); null keys and values are kept as they were. Mutators
 * throw {@link UnsupportedOperationException}.
 */
final class SmallMap<V> extends AbstractMap<String, V> {
  /** The most entries worth scanning; larger maps (a big session) are better hashed. */
  static final int MAX_SIZE = 8;

  private final Object[] entries; // key0, value0, key1, value1, ...

  private SmallMap(Object[] entries) {
    this.entries = entries;
  }

  /** Returns an immutable copy of {@code map}, in its iteration order. */
  static <V> Map<String, V> copyOf(Map<String, V> map) {
    Object[] a = new Object[map.size() * 2];
    int i = 0;
    for (Map.Entry<String, V> e : map.entrySet()) {
      a[i++] = e.getKey();
      a[i++] = e.getValue();
    }
    return new SmallMap<>(a);
  }

  @Override
  public int size() {
    return entries.length / 2;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : (V) entries[i + 1];
  }

  private int indexOf(Object key) {
    for (int i = 0; i < entries.length; i += 2) {
      if (Objects.equals(entries[i], key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return entries.length / 2;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < entries.length;
          }

          @Override
          @SuppressWarnings("unchecked")
          public Map.Entry<String, V> next() {
            if (next >= entries.length) {
              throw new NoSuchElementException();
            }
            var e = new SimpleImmutableEntry<>((String) entries[next], (V) entries[next + 1]);
            next += 2;
            return e;
          }
        };
      }
    };
  }
}
