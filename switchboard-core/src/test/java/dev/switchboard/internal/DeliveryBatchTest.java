package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryBatchTest {

  /** Records submitted tasks instead of running them, so a test decides when they run. */
  private static final class RecordingExecutor implements Executor {
    final List<Runnable> submitted = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      submitted.add(task);
    }

    void runAll() {
      submitted.forEach(Runnable::run);
    }
  }

  @Test
  void withoutAnOpenBatchNothingIsDeferred() {
    RecordingExecutor loop = new RecordingExecutor();
    assertThat(DeliveryBatch.defer(loop, () -> {})).isFalse();
    assertThat(DeliveryBatch.<Object, String>share("k", k -> "v", v -> {})).isNull();
    assertThat(loop.submitted).isEmpty();
  }

  @Test
  void eachExecutorGetsOneTaskRunningItsWorkInOrder() {
    RecordingExecutor a = new RecordingExecutor();
    RecordingExecutor b = new RecordingExecutor();
    List<String> ran = new ArrayList<>();
    try (DeliveryBatch batch = DeliveryBatch.open()) {
      assertThat(DeliveryBatch.defer(a, () -> ran.add("a1"))).isTrue();
      DeliveryBatch.defer(b, () -> ran.add("b1"));
      DeliveryBatch.defer(a, () -> ran.add("a2"));
      DeliveryBatch.defer(a, () -> ran.add("a3"));
      assertThat(a.submitted).isEmpty(); // nothing leaves before the batch closes
    }
    assertThat(a.submitted).hasSize(1);
    assertThat(b.submitted).hasSize(1);
    a.runAll();
    b.runAll();
    assertThat(ran).containsExactly("a1", "a2", "a3", "b1");
  }

  @Test
  void nestedBatchesSubmitOnlyWhenTheOutermostCloses() {
    RecordingExecutor loop = new RecordingExecutor();
    try (DeliveryBatch outer = DeliveryBatch.open()) {
      try (DeliveryBatch inner = DeliveryBatch.open()) {
        DeliveryBatch.defer(loop, () -> {});
      }
      assertThat(loop.submitted).isEmpty();
      DeliveryBatch.defer(loop, () -> {});
    }
    assertThat(loop.submitted).hasSize(1);
  }

  @Test
  void aFailingTaskDoesNotHoldBackTheOthersOfItsExecutor() {
    RecordingExecutor loop = new RecordingExecutor();
    AtomicInteger ran = new AtomicInteger();
    try (DeliveryBatch batch = DeliveryBatch.open()) {
      DeliveryBatch.defer(loop, () -> {
        throw new IllegalStateException("boom");
      });
      DeliveryBatch.defer(loop, ran::incrementAndGet);
    }
    loop.runAll();
    assertThat(ran).hasValue(1);
  }

  @Test
  void aShutDownExecutorDropsItsWorkWithoutFailingTheSender() {
    Executor refusing = task -> {
      throw new RejectedExecutionException("shut down");
    };
    RecordingExecutor open = new RecordingExecutor();
    try (DeliveryBatch batch = DeliveryBatch.open()) {
      DeliveryBatch.defer(refusing, () -> {});
      DeliveryBatch.defer(open, () -> {});
    }
    assertThat(open.submitted).hasSize(1);
  }

  @Test
  void aSharedValueIsCreatedForTheSecondRecipientAndReleasedOnceAtClose() {
    Object key = new Object();
    AtomicInteger created = new AtomicInteger();
    List<String> released = new ArrayList<>();
    try (DeliveryBatch batch = DeliveryBatch.open()) {
      // the first recipient uses its own copy: a fan-out to one needs nothing shared
      assertThat(DeliveryBatch.<Object, String>share(key, k -> "v" + created.incrementAndGet(), released::add)).isNull();
      assertThat(DeliveryBatch.<Object, String>share(key, k -> "v" + created.incrementAndGet(), released::add))
          .isEqualTo("v1");
      assertThat(DeliveryBatch.<Object, String>share(key, k -> "v" + created.incrementAndGet(), released::add))
          .isEqualTo("v1");
      // a different key in the same batch is not shared
      assertThat(DeliveryBatch.<Object, String>share(new Object(), k -> "other", released::add)).isNull();
      assertThat(released).isEmpty();
    }
    assertThat(created).hasValue(1);
    assertThat(released).containsExactly("v1");
    // the next batch starts afresh
    try (DeliveryBatch batch = DeliveryBatch.open()) {
      assertThat(DeliveryBatch.<Object, String>share(key, k -> "again", released::add)).isNull();
    }
    assertThat(released).containsExactly("v1");
  }

  @Test
  void closingWithoutAnOpenBatchIsAnError() {
    DeliveryBatch batch = DeliveryBatch.open();
    batch.close();
    assertThatThrownBy(batch::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no delivery batch is open");
  }
}
