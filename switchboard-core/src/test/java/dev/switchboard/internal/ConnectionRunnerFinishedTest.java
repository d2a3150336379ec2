package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.InboundEvent;
import dev.switchboard.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    ConnectionRunner runner = runner();
    runner.deliver(new InboundEvent.WebSocketDisconnect(1000, ""));
    while (!runner.finished().isDone()) {
      Thread.sleep(1); // the terminal event is handled on the runner's virtual thread
    }
    assertThat(runner.finished()).isSameAs(runner.finished()).isCompleted();
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
