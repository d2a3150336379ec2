package dev.switchboard.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The groups' membership tables: the same answers as a map, under any mix of changes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupTableTest {
  private final Map<String, ChannelState> states = new ConcurrentHashMap<>();
  private final Function<String, ChannelState> lookup =
      name -> states.computeIfAbsent(name, n -> new ChannelState(n, 10));

  private Map<String, Long> members(GroupTable table, String group) {
    GroupTable.Member[] members = table.members(group, lookup);
    if (members == null) {
      return Map.of();
    }
    Map<String, Long> out = new HashMap<>();
    for (GroupTable.Member m : members) {
      if (out.put(m.channel(), m.deadline()) != null) {
        throw new AssertionError("duplicate member " + m.channel());
      }
      if (m.state() != lookup.apply(m.channel())) {
        throw new AssertionError("wrong state for " + m.channel());
      }
    }
    return out;
  }

  @Test
  void addRenewDiscardAndExpire() {
    GroupTable table = new GroupTable();
    table.add("g", "a", 10);
    table.add("g", "b", 20);
    table.add("g", "a", 30); // renewed
    assertThat(members(table, "g")).isEqualTo(Map.of("a", 30L, "b", 20L));

    table.expire("g", "a", 10); // renewed since: stays
    assertThat(members(table, "g")).containsKey("a");
    table.expire("g", "a", 30);
    table.discard("g", "nobody");
    assertThat(members(table, "g")).isEqualTo(Map.of("b", 20L));

    table.discard("g", "b");
    assertThat(table.members("g", lookup)).isNull();
    assertThat(table.size()).isZero();
  }

  @Test
  void aSnapshotIsReusedUntilTheNextChange() {
    GroupTable table = new GroupTable();
    table.add("g", "a", 10);
    GroupTable.Member[] first = table.members("g", lookup);
    assertThat(table.members("g", lookup)).isSameAs(first);
    table.add("g", "b", 10);
    assertThat(table.members("g", lookup)).isNotSameAs(first).hasSize(2);
  }

  @Test
  void sweepDropsPassedDeadlinesAndEmptyGroups() {
    GroupTable table = new GroupTable();
    for (int i = 0; i < 1000; i++) {
      table.add("g", "c" + i, i);
    }
    table.add("h", "x", 5);
    table.sweep(500);
    Map<String, Long> left = members(table, "g");
    assertThat(left).hasSize(499); // a deadline equal to now has passed
    assertThat(left.values()).allMatch(deadline -> deadline > 500);
    assertThat(table.members("h", lookup)).isNull();
    assertThat(table.size()).isEqualTo(1);
    table.sweep(1000);
    assertThat(table.size()).isZero();
  }

  /** Random changes, checked against a map after each; grows and shrinks the table often. */
  @Test
  void behavesLikeAMap() {
    Random random = new Random(42);
    GroupTable table = new GroupTable();
    Map<String, Long> expected = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      // few names, so adds, renewals and removals of present members all happen often
      String channel = "specific.abcd!" + random.nextInt(300) + "_x";
      long deadline = random.nextInt(1000);
      switch (random.nextInt(step % 5000 < 2500 ? 3 : 5)) { // phases of growth and of shrinking
        case 0, 1 -> {
          table.add("g", channel, deadline);
          expected.put(channel, deadline);
        }
        case 2 -> {
          Long seen = expected.get(channel);
          if (seen != null) {
            table.expire("g", channel, seen);
            expected.remove(channel);
          }
        }
        default -> {
          table.discard("g", channel);
          expected.remove(channel);
        }
      }
      if (step % 97 == 0) {
        long now = random.nextInt(100);
        table.sweep(now);
        expected.values().removeIf(d -> now - d >= 0);
      }
      assertThat(members(table, "g")).isEqualTo(expected);
    }
  }

  /** Concurrent members of one group: every add and discard lands; snapshots stay consistent. */
  @Test
  void concurrentChangesAndSends() throws Exception {
    GroupTable table = new GroupTable();
    int threads = 4;
    int perThread = 5_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            table.add("g", "t" + id + "-" + i, Long.MAX_VALUE);
            if (i % 2 == 1) {
              table.discard("g", "t" + id + "-" + (i - 1));
            }
            if (i % 16 == 0) { // a send now and then, racing the other threads' changes
              GroupTable.Member[] snapshot = table.members("g", lookup);
              assertThat(snapshot).doesNotContainNull();
              assertThat(Arrays.stream(snapshot).map(GroupTable.Member::channel).distinct())
                  .hasSize(snapshot.length);
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    start.countDown();
    for (Thread t : workers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    Set<String> expected = new HashSet<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 1; i < perThread; i += 2) {
        expected.add("t" + t + "-" + i);
      }
    }
    assertThat(members(table, "g").keySet()).isEqualTo(expected);
  }

}
