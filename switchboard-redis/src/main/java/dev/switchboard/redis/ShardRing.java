package dev.switchboard.redis;

import dev.switchboard.Nullable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Consistent hashing of channel, group and process names onto Redis shards, with virtual nodes.
 *
 * <p>Each shard is placed on a 64-bit ring at {@value #VIRTUAL_NODES} points derived from its
 * identity ({@code host:port/db}), not from its position in the list, so reordering the list
 * moves nothing; adding or removing one of n shards moves about 1/n of the names. A name belongs
 * to the first shard point at or after the name's hash, wrapping around.
 *
 * @param <T> the shard type
 */
final class ShardRing<T> {
  static final int VIRTUAL_NODES = 160;

  private final TreeMap<Long, T> ring = new TreeMap<>();
  private final @Nullable T only;

  ShardRing(List<T> shards, Function<T, String> identity) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a shard ring needs at least one shard");
    }
    for (T shard : shards) {
      String id = identity.apply(shard);
      for (int i = 0; i < VIRTUAL_NODES; i++) {
        T clash = ring.put(hash(id + "#" + i), shard);
        if (clash != null && clash != shard) {
          throw new IllegalStateException("shard ring point collision: " + id);
        }
      }
    }
    this.only = shards.size() == 1 ? shards.get(0) : null;
  }

  /** Returns the shard that holds {@code name}. */
  T shardFor(String name) {
    if (only != null) {
      return only;
    }
    Map.Entry<Long, T> e = ring.ceilingEntry(hash(name));
    return e != null ? e.getValue() : ring.firstEntry().getValue();
  }

  /** 64-bit FNV-1a over the UTF-8 bytes, finished with MurmurHash3's fmix64 to spread the bits. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
