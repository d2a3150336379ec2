package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CanvasTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  final TaskApp app = TaskApp.builder().build();
  final AtomicInteger callbacks = new AtomicInteger();
  Task<Integer, Integer> twice;
  Task<Integer, Integer> plusOne;
  Task<Integer, Integer> failIfSeven;
  Task<Integer[], Integer> sum;
  Worker worker;

  @BeforeEach
  void setUp() {
    twice = app.task("canvas.twice", Integer.class, Integer.class, (ctx, x) -> 2 * x);
    plusOne = app.task("canvas.plus_one", Integer.class, Integer.class, (ctx, x) -> x + 1);
    failIfSeven = app.task("canvas.fail_if_seven", Integer.class, Integer.class, (ctx, x) -> {
      if (x == 7) {
        throw new IllegalArgumentException("seven is not allowed");
      }
      return x;
    });
    sum = app.task("canvas.sum", Integer[].class, Integer.class, (ctx, xs) -> {
      callbacks.incrementAndGet();
      int s = 0;
      for (int x : xs) {
        s += x;
      }
      return s;
    });
    worker = Worker.builder(app).concurrency(8).build().start();
  }

  @AfterEach
  void tearDown() {
    worker.shutdown(Duration.ofSeconds(5));
    app.close();
  }

  @Test
  void chainPassesEachResultToTheNext() throws Exception {
    AsyncResult<Integer> r = app.chain(twice.s(5), plusOne.s(), twice.s());
    assertThat(r.get(WAIT)).isEqualTo(22);
    assertThat(r.name()).isEqualTo("canvas.twice");
  }

  @Test
  void chainLinkWithFixedArgumentsIgnoresThePreviousResult() throws Exception {
    AsyncResult<Integer> r = app.chain(twice.s(5), plusOne.s(100));
    assertThat(r.get(WAIT)).isEqualTo(101);
  }

  @Test
  void failedLinkFailsTheRestOfTheChain() throws Exception {
    AsyncResult<Integer> r = app.chain(plusOne.s(6), failIfSeven.s(), twice.s());
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("canvas.fail_if_seven[")
        .hasMessageContaining("seven is not allowed");
    assertThat(r.failure().type()).isEqualTo(Followups.CHAIN_BROKEN);
  }

  @Test
  void groupRunsMembersAndCollectsResultsInOrder() throws Exception {
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      members.add(twice.s(i));
    }
    GroupResult<Integer> g = app.group(members);
    List<Integer> results = g.get(WAIT);
    assertThat(results).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(results.get(i)).isEqualTo(2 * i);
    }
    assertThat(g.completedCount()).isEqualTo(20);
  }

  @Test
  void chordCallsBackOnceWithEveryResult() throws Exception {
    List<Signature<Integer>> members = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      members.add(twice.s(i));
    }
    AsyncResult<Integer> r = app.chord(members, sum.s());
    assertThat(r.get(WAIT)).isEqualTo(2 * 50 * 51 / 2);
    Thread.sleep(200); // a second callback would show up here
    assertThat(callbacks).hasValue(1);
  }

  @Test
  void chordWithNoMembersCallsBackWithAnEmptyList() throws Exception {
    assertThat(app.chord(List.<Signature<Integer>>of(), sum.s()).get(WAIT)).isZero();
  }

  @Test
  void failedMemberFailsTheChordNamingTheMember() throws Exception {
    AsyncResult<Integer> r =
        app.chord(List.of(failIfSeven.s(1), failIfSeven.s(7), failIfSeven.s(3)), sum.s());
    assertThatThrownBy(() -> r.get(WAIT)).isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("chord member canvas.fail_if_seven[")
        .hasMessageContaining("seven is not allowed");
    assertThat(r.failure().type()).isEqualTo(Followups.CHORD_FAILED);
    assertThat(callbacks).hasValue(0);
  }

  @Test
  void chordCallbackMustTakeTheResults() {
    assertThatThrownBy(() -> app.chord(List.of(twice.s(1)), plusOne.s(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task.s()");
  }
}
