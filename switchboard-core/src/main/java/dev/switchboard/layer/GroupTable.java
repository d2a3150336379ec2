package dev.switchboard.layer;

import dev.switchboard.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The groups of an {@link InMemoryChannelLayer}: for each group, its member channels and the {@code
 * nanoTime} at which each membership expires.
 *
 * <p>Every change to a group's membership runs inside {@code compute} on the group's key, so a
 * group that becomes empty is removed atomically and a concurrent add never lands in a group that
 * has just been removed. Group sends read the members without locking, from an array snapshot of
 * the membership built on the first send after a change: a broadcast walks an array rather than
 * the hash map's nodes, and each member carries its channel's state, so delivery skips the
 * channel lookup.
 */
final class GroupTable {
  /** One member as a group send sees it. */
  record Member(String channel, long deadline, ChannelState state) {}

  private record Snapshot(int version, Member[] members) {}

  /** A group: its memberships, and the snapshot of them for sends. */
  private static final class Group {
    final ConcurrentHashMap<String, Long> members = new ConcurrentHashMap<>();
    // Bumped by every change, inside the group's compute; a snapshot of an older version is stale.
    volatile int version;
    volatile @Nullable Snapshot snapshot;

    void changed() {
      version++; // serialised: only ever written inside compute on this group's key
      snapshot = null;
    }
  }

  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

  /** Adds a member or renews its membership until {@code deadline}. */
  void add(String group, String channel, long deadline) {
    groups.compute(
        group,
        (g, current) -> {
          Group m = current != null ? current : new Group();
          m.members.put(channel, deadline);
          m.changed();
          return m;
        });
  }

  /** Removes a member; removes the group when it becomes empty. */
  void discard(String group, String channel) {
    groups.computeIfPresent(
        group,
        (g, m) -> {
          if (m.members.remove(channel) != null) {
            m.changed();
          }
          return m.members.isEmpty() ? null : m;
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
          if (m.members.remove(channel, deadline)) {
            m.changed();
          }
          return m.members.isEmpty() ? null : m;
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
    int version = g.version;
    if (snap != null && snap.version() == version) {
      return snap.members();
    }
    List<Member> list = new ArrayList<>(g.members.size());
    g.members.forEach(
        (channel, deadline) -> list.add(new Member(channel, deadline, states.apply(channel))));
    Member[] members = list.toArray(new Member[0]);
    // A change made meanwhile bumped the version: this snapshot is then used once and replaced.
    g.snapshot = new Snapshot(version, members);
    return members;
  }

  /** Removes every expired membership and every group left empty. */
  void sweep(long now) {
    for (String group : groups.keySet()) {
      groups.computeIfPresent(
          group,
          (g, m) -> {
            if (m.members.values().removeIf(deadline -> now - deadline >= 0)) {
              m.changed();
            }
            return m.members.isEmpty() ? null : m;
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
