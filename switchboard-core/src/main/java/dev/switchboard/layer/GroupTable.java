package dev.switchboard.layer;

import dev.switchboard.Nullable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The groups of an {@link InMemoryChannelLayer}: for each group, its member channels and the {@code
 * nanoTime} at which each membership expires.
 *
 * <p>Every access to a group's membership runs inside {@code compute} on the group's key, so a
 * group that becomes empty is removed atomically and a concurrent add never lands in a group that
 * has just been removed. Group sends read the members from an array snapshot of the membership,
 * without locking; the first send after a change builds the snapshot, under the group's lock like
 * a change: a broadcast walks an array rather than a table, and each member carries its channel's
 * state, so delivery skips the channel lookup.
 */
final class GroupTable {
  /** One member as a group send sees it. */
  record Member(String channel, long deadline, ChannelState state) {}

  private record Snapshot(int version, Member[] members) {}

  /**
   * A group: its memberships, and the snapshot of them for sends.
   *
   * <p>The memberships are an open-addressing table (linear probing, at most three quarters
   * full) of channel names and primitive deadlines: 16 to 32 bytes a member as a group grows,
   * free slots included, where a concurrent map's node, boxed deadline and table slot take
   * about 65; every open socket of a chat room is a member.
   * Not thread-safe by itself: only used inside {@code compute} on the group's key.
   */
  private static final class Group {
    private static final int MIN_CAPACITY = 4; // a power of two, as every capacity

    private String[] channels = new String[MIN_CAPACITY]; // null: a free slot
    private long[] deadlines = new long[MIN_CAPACITY];
    private int size;
    // Bumped by every change, inside the group's compute; a snapshot of an older version is stale.
    volatile int version;
    volatile @Nullable Snapshot snapshot;

    void changed() {
      version++; // serialised: only ever written inside compute on this group's key
      snapshot = null;
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** Adds a membership, or renews it until {@code deadline}. */
    void put(String channel, long deadline) {
      int i = slotOf(channel);
      if (channels[i] == null) {
        if (size + 1 > channels.length / 4 * 3) {
          rehash(channels.length * 2);
          i = slotOf(channel);
        }
        channels[i] = channel;
        size++;
      }
      deadlines[i] = deadline;
    }

    /** Removes a membership; returns whether there was one. */
    boolean remove(String channel) {
      int i = slotOf(channel);
      if (channels[i] == null) {
        return false;
      }
      removeAt(i);
      return true;
    }

    /** Removes a membership if it still has {@code deadline}; returns whether it did. */
    boolean remove(String channel, long deadline) {
      int i = slotOf(channel);
      if (channels[i] == null || deadlines[i] != deadline) {
        return false;
      }
      removeAt(i);
      return true;
    }

    /** Removes the memberships whose deadline has passed; returns whether there were any. */
    boolean removeExpired(long now) {
      int expired = 0;
      for (int i = 0; i < channels.length; i++) {
        if (channels[i] != null && now - deadlines[i] >= 0) {
          expired++;
        }
      }
      if (expired == 0) {
        return false;
      }
      String[] oldChannels = channels;
      long[] oldDeadlines = deadlines;
      allocate(capacityFor(size - expired));
      for (int i = 0; i < oldChannels.length; i++) {
        if (oldChannels[i] != null && now - oldDeadlines[i] < 0) {
          insertNew(oldChannels[i], oldDeadlines[i]);
        }
      }
      return true;
    }

    /** Returns the members, each with its deadline and its channel's state. */
    Member[] snapshot(Function<String, ChannelState> states) {
      Snapshot snap = snapshot;
      int v = version;
      if (snap != null && snap.version() == v) {
        return snap.members(); // built by a sender that held the lock just before
      }
      Member[] members = new Member[size];
      int n = 0;
      for (int i = 0; i < channels.length; i++) {
        String channel = channels[i];
        if (channel != null) {
          members[n++] = new Member(channel, deadlines[i], states.apply(channel));
        }
      }
      snapshot = new Snapshot(v, members);
      return members;
    }

    /** Returns the slot holding {@code channel}, or the free slot where it would go. */
    private int slotOf(String channel) {
      int mask = channels.length - 1;
      int i = home(channel, mask);
      while (channels[i] != null && !channels[i].equals(channel)) {
        i = (i + 1) & mask;
      }
      return i;
    }

    /**
     * Empties slot {@code hole} and moves later entries of its probe run back into it where
     * their home allows (backward-shift deletion), so lookups need no tombstones.
     */
    private void removeAt(int hole) {
      int mask = channels.length - 1;
      channels[hole] = null;
      size--;
      for (int j = (hole + 1) & mask; channels[j] != null; j = (j + 1) & mask) {
        int home = home(channels[j], mask);
        // The entry may fill the hole if the hole lies between its home and its slot.
        if (((j - home) & mask) >= ((j - hole) & mask)) {
          channels[hole] = channels[j];
          deadlines[hole] = deadlines[j];
          channels[j] = null;
          hole = j;
        }
      }
      if (channels.length > MIN_CAPACITY && size <= channels.length / 8) {
        rehash(channels.length / 2);
      }
    }

    private void rehash(int capacity) {
      String[] oldChannels = channels;
      long[] oldDeadlines = deadlines;
      allocate(capacity);
      for (int i = 0; i < oldChannels.length; i++) {
        if (oldChannels[i] != null) {
          insertNew(oldChannels[i], oldDeadlines[i]);
        }
      }
    }

    private void allocate(int capacity) {
      channels = new String[capacity];
      deadlines = new long[capacity];
      size = 0;
    }

    /** Inserts a channel known to be absent, with room to spare. */
    private void insertNew(String channel, long deadline) {
      int i = slotOf(channel);
      channels[i] = channel;
      deadlines[i] = deadline;
      size++;
    }

    private static int capacityFor(int members) {
      int capacity = MIN_CAPACITY;
      while (members > capacity / 4 * 3) {
        capacity *= 2;
      }
      return capacity;
    }

    private static int home(String channel, int mask) {
      int h = channel.hashCode() * 0x9E3779B9; // spread: names of one layer share long prefixes
      return (h ^ (h >>> 16)) & mask;
    }
  }

  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

  /** Adds a member or renews its membership until {@code deadline}. */
  void add(String group, String channel, long deadline) {
    groups.compute(
        group,
        (g, current) -> {
          Group m = current != null ? current : new Group();
          m.put(channel, deadline);
          m.changed();
          return m;
        });
  }

  /** Removes a member; removes the group when it becomes empty. */
  void discard(String group, String channel) {
    groups.computeIfPresent(
        group,
        (g, m) -> {
          if (m.remove(channel)) {
            m.changed();
          }
          return m.isEmpty() ? null : m;
        });
  }

  /**
   * Removes a membership that expired at {@code deadline}, unless it was renewed meanwhile.
   *
   * @param deadline the deadline the caller saw for the member
   */
  void expire(String group, String channel, long deadline) {
    groups.computeIfPresent(
        group,
        (g, m) -> {
          if (m.remove(channel, deadline)) {
            m.changed();
          }
          return m.isEmpty() ? null : m;
        });
  }

  /**
   * Returns a group's members with their deadlines and channel states, or null if the group has
   * none. The array is shared and must not be modified. Like an iteration of a concurrent map, it
   * may or may not include a change made while it is read. Callers check each deadline themselves
   * and call {@link #expire} for passed ones.
   *
   * @param states looks up a member channel's state when a snapshot is built
   */
  Member @Nullable [] members(String group, Function<String, ChannelState> states) {
    Group g = groups.get(group);
    if (g == null) {
      return null;
    }
    Snapshot snap = g.snapshot;
    if (snap != null && snap.version() == g.version) {
      return snap.members();
    }
    Member[][] built = new Member[1][];
    groups.computeIfPresent(
        group,
        (k, m) -> {
          built[0] = m.snapshot(states);
          return m;
        });
    return built[0]; // null if the group was removed meanwhile
  }

  /** Removes every expired membership and every group left empty. */
  void sweep(long now) {
    for (String group : groups.keySet()) {
      groups.computeIfPresent(
          group,
          (g, m) -> {
            if (m.removeExpired(now)) {
              m.changed();
            }
            return m.isEmpty() ? null : m;
          });
    }
  }

  /** Removes every group. */
  void clear() {
    groups.clear();
  }

  /** Returns the number of groups with at least one member. */
  int size() {
    return groups.size();
  }
}
