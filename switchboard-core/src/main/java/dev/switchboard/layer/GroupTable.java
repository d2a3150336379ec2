package dev.switchboard.layer;

import dev.switchboard.Nullable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The groups of an {@link InMemoryChannelLayer}: for each group, its member channels and the {@code
 * nanoTime} at which each membership expires.
 *
 * <p>Every change to a group's membership runs inside {@code compute} on the group's key, so a
 * group that becomes empty is removed atomically and a concurrent add never lands in a group that
 * has just been removed. Group sends read the members without locking.
 */
final class GroupTable {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> groups =
      new ConcurrentHashMap<>();

  /** Adds a member or renews its membership until {@code deadline}. */
  void add(String group, String channel, long deadline) {
    groups.compute(
        group,
        (g, members) -> {
          ConcurrentHashMap<String, Long> m = members != null ? members : new ConcurrentHashMap<>();
          m.put(channel, deadline);
          return m;
        });
  }

  /** Removes a member; removes the group when it becomes empty. */
  void discard(String group, String channel) {
    groups.computeIfPresent(
        group,
        (g, members) -> {
          members.remove(channel);
          return members.isEmpty() ? null : members;
        });
  }

  /**
   * Removes a membership that expired at {@code deadline}, unless it was renewed meanwhile.
   *
   * @param deadline the very value read from the member map (compared by equals)
   */
  void expire(String group, String channel, Long deadline) {
    groups.computeIfPresent(
        group,
        (g, members) -> {
          members.remove(channel, deadline);
          return members.isEmpty() ? null : members;
        });
  }

  /**
   * Returns the live view of a group's members and their deadlines, or null if the group has none.
   * Callers check each deadline themselves and call {@link #expire} for passed ones.
   */
  @Nullable
  ConcurrentHashMap<String, Long> members(String group) {
    return groups.get(group);
  }

  /** Removes every expired membership and every group left empty. */
  void sweep(long now) {
    for (String group : groups.keySet()) {
      groups.computeIfPresent(
          group,
          (g, members) -> {
            members.values().removeIf(deadline -> now - deadline >= 0);
            return members.isEmpty() ? null : members;
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
