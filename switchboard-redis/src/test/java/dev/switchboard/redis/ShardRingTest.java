package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Consistent hashing: balanced, independent of list order, and moving few names on changes. */
class ShardRingTest {
  private static final int NAMES = 30_000;

  @Test
  void namesSpreadEvenlyOverShards() {
    ShardRing<String> ring = new ShardRing<>(List.of("a:1/0", "b:1/0", "c:1/0"), Function.identity());
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < NAMES; i++) {
      counts.merge(ring.shardFor("chat_room_" + i), 1, Integer::sum);
    }
    assertThat(counts).hasSize(3);
    counts.values().forEach(n -> assertThat(n).isBetween(NAMES / 3 * 8 / 10, NAMES / 3 * 12 / 10));
  }

  @Test
  void orderOfTheHostListDoesNotMatter() {
    ShardRing<String> one = new ShardRing<>(List.of("a:1/0", "b:1/0"), Function.identity());
    ShardRing<String> two = new ShardRing<>(List.of("b:1/0", "a:1/0"), Function.identity());
    for (int i = 0; i < 1_000; i++) {
      assertThat(one.shardFor("n" + i)).isEqualTo(two.shardFor("n" + i));
    }
  }

  @Test
  void addingAShardMovesAboutItsShareOnly() {
    ShardRing<String> before = new ShardRing<>(List.of("a:1/0", "b:1/0"), Function.identity());
    ShardRing<String> after = new ShardRing<>(List.of("a:1/0", "b:1/0", "c:1/0"), Function.identity());
    int moved = 0;
    for (int i = 0; i < NAMES; i++) {
      String from = before.shardFor("g" + i);
      String to = after.shardFor("g" + i);
      if (!from.equals(to)) {
        moved++;
        assertThat(to).as("names only move to the new shard").isEqualTo("c:1/0");
      }
    }
    assertThat(moved).isBetween(NAMES / 3 * 7 / 10, NAMES / 3 * 13 / 10);
  }
}
