package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TaskStateTest {

  @Test
  void terminalStatesAreNeverLeft() {
    for (TaskState terminal : new TaskState[] {TaskState.SUCCESS, TaskState.FAILURE, TaskState.REVOKED}) {
      assertThat(terminal.isReady()).isTrue();
      for (TaskState next : TaskState.values()) {
        assertThat(terminal.canTransitionTo(next)).as(terminal + " -> " + next).isFalse();
      }
    }
  }

  @Test
  void normalLifecycleIsLegal() {
    assertThat(TaskState.PENDING.canTransitionTo(TaskState.RECEIVED)).isTrue();
    assertThat(TaskState.RECEIVED.canTransitionTo(TaskState.STARTED)).isTrue();
    assertThat(TaskState.STARTED.canTransitionTo(TaskState.PROGRESS)).isTrue();
    assertThat(TaskState.PROGRESS.canTransitionTo(TaskState.PROGRESS)).isTrue();
    assertThat(TaskState.PROGRESS.canTransitionTo(TaskState.SUCCESS)).isTrue();
    assertThat(TaskState.STARTED.canTransitionTo(TaskState.RETRY)).isTrue();
    assertThat(TaskState.RETRY.canTransitionTo(TaskState.STARTED)).isTrue();
  }

  @Test
  void shortcutsThatSkipRunningAreIllegal() {
    assertThat(TaskState.PENDING.canTransitionTo(TaskState.SUCCESS)).isFalse();
    assertThat(TaskState.PENDING.canTransitionTo(TaskState.PROGRESS)).isFalse();
    assertThat(TaskState.RETRY.canTransitionTo(TaskState.SUCCESS)).isFalse();
    assertThat(TaskState.RECEIVED.canTransitionTo(TaskState.RETRY)).isFalse();
  }

  @Test
  void previousIsTheInverseOfNext() {
    for (TaskState from : TaskState.values()) {
      for (TaskState to : TaskState.values()) {
        assertThat(to.previous().contains(from)).isEqualTo(from.canTransitionTo(to));
      }
    }
  }

  @Test
  void backoffCeilingDoublesUpToTheCapAndJitterStaysUnderIt() {
    TaskOptions fixed = new TaskOptions.Builder()
        .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).retryJitter(false).build();
    RandomGenerator random = new SplittableRandom(7);
    assertThat(fixed.backoff(0, random)).isEqualTo(Duration.ofMillis(100));
    assertThat(fixed.backoff(1, random)).isEqualTo(Duration.ofMillis(200));
    assertThat(fixed.backoff(3, random)).isEqualTo(Duration.ofMillis(800));
    assertThat(fixed.backoff(4, random)).isEqualTo(Duration.ofSeconds(1));
    assertThat(fixed.backoff(500, random)).isEqualTo(Duration.ofSeconds(1));
    TaskOptions jittered = new TaskOptions.Builder()
        .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long d = jittered.backoff(2, random).toMillis();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }
    assertThat(min).isLessThan(40);
    assertThat(max).isBetween(360L, 400L);
  }

  @Test
  void rateLimitParsesItsThreeFormsAndNamesTheRule() {
    assertThat(RateLimit.parse("100/s")).isEqualTo(new RateLimit(100, Duration.ofSeconds(1)));
    assertThat(RateLimit.parse("10/m").per()).isEqualTo(Duration.ofMinutes(1));
    assertThat(RateLimit.parse(" 5 / h ").permits()).isEqualTo(5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RateLimit.parse("fast"))
        .hasMessageContaining("\"100/s\"");
  }

  @Test
  void hardLimitMustExceedSoftLimit() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TaskOptions.Builder()
            .softTimeLimit(Duration.ofSeconds(2)).hardTimeLimit(Duration.ofSeconds(1)).build())
        .hasMessageContaining("hardTimeLimit must be longer than softTimeLimit");
  }
}
