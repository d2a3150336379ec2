package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void ceilingsDoubleUpToTheMax() {
    assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(1600));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void delaysAreSpreadOverTheWholeRangeBelowTheCeiling() {
    SplittableRandom random = new SplittableRandom(7);
    Set<Long> tenths = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      Duration d = backoff.delay(3, random);
      assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(800));
      tenths.add(Math.min(9, d.toMillis() / 80));
    }
    assertThat(tenths).as("full jitter reaches every tenth of [0, 800 ms]")
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void badBoundsAreRefusedNamingTheRule() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("initial backoff must be more than zero");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("max backoff must be at least the initial");
  }
}
