package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The finished() future, created on first use: one per runner, always completed at the end. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionRunnerFinishedTest {
  private static final int CALLERS = 8;

  private static ConnectionRunner runner() {
    return new ConnectionRunner(
        Scope.builder(Scope.Type.WEBSOCKET, "/").build(), conn -> event -> {}, null, event -> {});
  }

  @Test
  void theSameFutureBeforeAndAfterTheEnd() throws Exception {
    ConnectionRunner runner = runner();
    CompletableFuture<Void> before = runner.finished();
    assertThat(runner.finished()).isSameAs(before);
    assertThat(before).isNotDone();

    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    before.get(5, TimeUnit.SECONDS);
    assertThat(runner.finished()).isSameAs(before);
  }

  @Test
  void aFutureAskedForOnlyAfterTheEndIsCompleted() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    ConnectionRunner runner =
        new ConnectionRunner(
            Scope.builder(Scope.Type.WEBSOCKET, "/").build(),
            conn -> new ConnectionHandler() {
              @Override
              public void handle(InboundEvent event) {}

              @Override
              public void closed() {
                closed.countDown();
              }
            },
            null,
            event -> {});
    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    // the end is watched without finished(): the closed() hook ran, then the drain let go
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    Awaitility.await("the runner to finish its drain").atMost(Duration.ofSeconds(5)).until(() -> !runner.busy());
    CompletableFuture<Void> first = runner.finished();
    assertThat(first).isCompleted();
    assertThat(runner.finished()).isSameAs(first);
  }

  /** Callers racing each other and the end all get one future, and it completes. */
  @RepeatedTest(50)
  void concurrentFirstCallsShareOneFutureThatCompletes() throws Exception {
    ConnectionRunner runner = runner();
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<CompletableFuture<Void>>> seen = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      CompletableFuture<CompletableFuture<Void>> got = new CompletableFuture<>();
      seen.add(got);
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          got.complete(runner.finished());
        } catch (InterruptedException e) {
          got.completeExceptionally(e);
        }
      }));
    }
    start.countDown();
    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    CompletableFuture<Void> first = seen.get(0).get(5, TimeUnit.SECONDS);
    for (CompletableFuture<CompletableFuture<Void>> got : seen) {
      assertThat(got.get(5, TimeUnit.SECONDS)).isSameAs(first);
    }
    first.get(5, TimeUnit.SECONDS);
    assertThat(runner.finished()).isSameAs(first);
    for (Thread t : threads) {
      t.join();
    }
  }
}
