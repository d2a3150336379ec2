package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.tasks.TaskFailure;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.spi.ChordProgress;
import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.tasks.spi.StoreOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link ResultBackend} passes unchanged: extend it and build the backend.
 * Each test uses fresh random task ids, so a shared server needs no cleanup.
 */
@Timeout(60)
public abstract class ResultBackendContract {
  /** The backend under test. */
  protected ResultBackend backend;

  /** Builds the backend under test, keeping records for {@code ttl}. */
  protected abstract ResultBackend createBackend(Duration ttl);

  @BeforeEach
  void createBackendUnderTest() {
    backend = createBackend(Duration.ofMinutes(5));
  }

  @AfterEach
  void closeBackendUnderTest() {
    backend.close();
  }

  private static String id() {
    return "t-" + UUID.randomUUID();
  }

  private static TaskResult started(String id) {
    return TaskResult.of(id, "contract.task", TaskState.PENDING).started("w1", 2, 100, 200);
  }

  @Test
  void unknownTaskHasNoRecord() {
    assertThat(backend.get(id()).join()).isNull();
  }

  @Test
  void storedRecordReadsBackWithEveryField() {
    String id = id();
    assertThat(backend.store(started(id)).join()).isEqualTo(new StoreOutcome(true, TaskState.PENDING));
    JsonNode meta = JsonNodeFactory.instance.objectNode().put("done", 3).put("total", 10);
    backend.store(started(id).withMeta(TaskState.PROGRESS, meta)).join();
    TaskResult p = backend.get(id).join();
    assertThat(p.state()).isEqualTo(TaskState.PROGRESS);
    assertThat(p.meta()).isEqualTo(meta);
    assertThat(p.worker()).isEqualTo("w1");
    assertThat(p.retries()).isEqualTo(2);
    assertThat(p.sentMicros()).isEqualTo(100);
    assertThat(p.startedMicros()).isEqualTo(200);
    JsonNode value = JsonNodeFactory.instance.objectNode().put("path", "a.png").put("w", 128);
    assertThat(backend.store(started(id).succeeded(value, 300)).join().previous())
        .isEqualTo(TaskState.PROGRESS);
    TaskResult done = backend.get(id).join();
    assertThat(done.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(done.result()).isEqualTo(value);
    assertThat(done.doneMicros()).isEqualTo(300);
    assertThat(done.name()).isEqualTo("contract.task");
  }

  @Test
  void failureKeepsTypeMessageAndStackTrace() {
    String id = id();
    backend.store(started(id)).join();
    TaskFailure f = TaskFailure.of(new IllegalStateException("boom \u2603"));
    backend.store(started(id).failed(TaskState.FAILURE, f, 5)).join();
    TaskResult r = backend.get(id).join();
    assertThat(r.failure()).isEqualTo(f);
    assertThat(r.failure().stackTrace()).contains("ResultBackendContract");
  }

  @Test
  void illegalTransitionsAreRefusedAndChangeNothing() {
    String id = id();
    TaskResult early = TaskResult.of(id, "contract.task", TaskState.SUCCESS);
    assertThat(backend.store(early).join()).isEqualTo(new StoreOutcome(false, TaskState.PENDING));
    assertThat(backend.get(id).join()).isNull();
    backend.store(started(id)).join();
    backend.store(started(id).succeeded(IntNode.valueOf(1), 9)).join();
    for (TaskState s : TaskState.values()) {
      assertThat(backend.store(started(id).withState(s)).join())
          .isEqualTo(new StoreOutcome(false, TaskState.SUCCESS));
    }
    assertThat(backend.get(id).join().result()).isEqualTo(IntNode.valueOf(1));
  }

  @Test
  void awaitReadyCompletesOnTheFinalWriteAndAtOnceWhenAlreadyReady() throws Exception {
    String id = id();
    CompletableFuture<TaskResult> wait = backend.awaitReady(id);
    backend.store(started(id)).join();
    backend.store(started(id).withMeta(TaskState.PROGRESS, null)).join();
    Thread.sleep(100);
    assertThat(wait).as("completed before a ready state").isNotDone();
    backend.store(started(id).succeeded(IntNode.valueOf(7), 9)).join();
    assertThat(wait.get(10, TimeUnit.SECONDS).result()).isEqualTo(IntNode.valueOf(7));
    assertThat(backend.awaitReady(id).get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.SUCCESS);
  }

  @Test
  void cancelledWaitDoesNotDisturbOtherWaiters() throws Exception {
    String id = id();
    CompletableFuture<TaskResult> a = backend.awaitReady(id);
    CompletableFuture<TaskResult> b = backend.awaitReady(id);
    a.cancel(false);
    backend.store(started(id)).join();
    backend.store(started(id).failed(TaskState.FAILURE, TaskFailure.of("x.Y", "no"), 1)).join();
    assertThat(b.get(10, TimeUnit.SECONDS).state()).isEqualTo(TaskState.FAILURE);
    assertThat(a).isCancelled();
  }

  @Test
  void manyConcurrentWaitersAllWake() throws Exception {
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<TaskResult>> waits = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String id = id();
      ids.add(id);
      waits.add(backend.awaitReady(id));
    }
    for (String id : ids) {
      backend.store(started(id)).join();
      backend.store(started(id).succeeded(IntNode.valueOf(1), 2));
    }
    CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void recordsExpireAfterTheTtl() throws Exception {
    try (ResultBackend shortLived = createBackend(Duration.ofMillis(400))) {
      String id = id();
      shortLived.store(started(id)).join();
      assertThat(shortLived.get(id).join()).isNotNull();
      Thread.sleep(900);
      assertThat(shortLived.get(id).join()).isNull();
    }
  }

  @Test
  void forgetDeletesTheRecord() {
    String id = id();
    backend.store(started(id)).join();
    backend.forget(id).join();
    assertThat(backend.get(id).join()).isNull();
  }

  @Test
  void chordCountsEachMemberOnceAndNamesOneDispatcher() {
    String chord = id();
    assertThat(backend.chordPartDone(chord, 1, 3, IntNode.valueOf(10)).join().mustDispatch()).isFalse();
    assertThat(backend.chordPartDone(chord, 1, 3, IntNode.valueOf(10)).join().done()).isEqualTo(1);
    assertThat(backend.chordPartDone(chord, 0, 3, IntNode.valueOf(0)).join().mustDispatch()).isFalse();
    ChordProgress last = backend.chordPartDone(chord, 2, 3, IntNode.valueOf(20)).join();
    assertThat(last.mustDispatch()).isTrue();
    assertThat(last.results()).containsExactly(IntNode.valueOf(0), IntNode.valueOf(10), IntNode.valueOf(20));
    backend.chordDispatched(chord).join();
    assertThat(backend.chordPartDone(chord, 2, 3, IntNode.valueOf(20)).join().mustDispatch())
        .as("a redelivered member after dispatch").isFalse();
  }

  @Test
  void concurrentChordMembersNameExactlyOneDispatcher() throws Exception {
    String chord = id();
    int size = 64;
    List<CompletableFuture<ChordProgress>> calls = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int index = i;
      CompletableFuture<ChordProgress> f = new CompletableFuture<>();
      calls.add(f);
      threads.add(Thread.ofVirtual().start(() ->
          f.complete(backend.chordPartDone(chord, index, size, IntNode.valueOf(index)).join())));
    }
    for (Thread t : threads) {
      t.join();
    }
    long dispatchers = calls.stream().filter(f -> f.join().mustDispatch()).count();
    assertThat(dispatchers).isEqualTo(1);
  }

  @Test
  void onlyTheFirstChordFailureCounts() {
    String chord = id();
    assertThat(backend.chordFailed(chord).join()).isTrue();
    assertThat(backend.chordFailed(chord).join()).isFalse();
    for (int i = 0; i < 2; i++) {
      assertThat(backend.chordPartDone(chord, i, 2, IntNode.valueOf(i)).join().mustDispatch())
          .as("a failed chord never dispatches").isFalse();
    }
  }

  @Test
  void waitTimesOutWithoutAWrite() {
    CompletableFuture<TaskResult> wait = backend.awaitReady(id());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> wait.get(200, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    wait.cancel(false);
  }
}
