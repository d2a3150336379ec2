package dev.switchboard.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This process's own group memberships: for each group, the local channels in it and the {@code
 * nanoTime} at which each membership expires. Redis only knows that this process has members in
 * a group (its lease); this table knows which.
 *
 * <p>Every change to a group runs inside {@code compute} on the group's key, together with the
 * Redis command it implies (passed as {@code then}), so the commands for one group reach Redis in
 * the order the changes happened: a lease removal never overtakes the lease of a later join. The
 * fan-out itself uses the in-memory layer's group table, updated in the same callbacks.
 */
final class LocalGroups {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> groups =
      new ConcurrentHashMap<>();

  /**
   * Adds or renews a membership until {@code deadline}, then runs {@code then} under the group's
   * lock.
   */
  void add(String group, String channel, long deadline, Runnable then) {
    groups.compute(
        group,
        (g, members) -> {
          ConcurrentHashMap<String, Long> m = members != null ? members : new ConcurrentHashMap<>();
          m.put(channel, deadline);
          then.run();
          return m;
        });
  }

  /**
   * Removes a membership; if that leaves the group without local members, removes the group and
   * runs {@code whenEmpty} under the group's lock.
   */
  void discard(String group, String channel, Runnable whenEmpty) {
    groups.computeIfPresent(
        group,
        (g, members) -> {
          if (members.remove(channel) != null && members.isEmpty()) {
            whenEmpty.run();
            return null;
          }
          return members.isEmpty() ? null : members;
        });
  }

  /**
   * Drops lapsed memberships; for each group left without local members runs {@code whenEmpty}
   * under its lock.
   */
  void sweep(long now, Consumer<String> whenEmpty) {
    for (String group : groups.keySet()) {
      groups.computeIfPresent(
          group,
          (g, members) -> {
            members.values().removeIf(deadline -> now - deadline >= 0);
            if (members.isEmpty()) {
              whenEmpty.accept(g);
              return null;
            }
            return members;
          });
    }
  }

  /** Returns the groups that have at least one local member, a snapshot. */
  List<String> groups() {
    return new ArrayList<>(groups.keySet());
  }

  /** Returns the number of local memberships; for tests and stats. */
  int memberships() {
    int n = 0;
    for (Map<String, Long> m : groups.values()) {
      n += m.size();
    }
    return n;
  }

  /** Forgets every membership. */
  void clear() {
    groups.clear();
  }
}
