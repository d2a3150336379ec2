package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's flush task: one per batch of owed flushes, every owed socket flushed once. */
class LoopFlushesTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final List<String> log = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private LoopFlushes.Owed socket(String name) {
    return () -> log.add(name);
  }

  @Test
  void socketsOwingFlushesDuringOneTaskAreFlushedTogetherAfterIt() throws Exception {
    loop.submit(() -> {
      LoopFlushes flushes = LoopFlushes.of();
      flushes.add(loop, socket("a"));
      flushes.add(loop, socket("b"));
      log.add("task ends"); // nothing is flushed while the task that wrote is still running
    }).sync();
    loop.submit(() -> {}).sync(); // the flush task was queued behind the first task
    assertThat(log).containsExactly("task ends", "a", "b");
  }

  @Test
  void aLaterBatchGetsItsOwnFlushTask() throws Exception {
    loop.submit(() -> LoopFlushes.of().add(loop, socket("a"))).sync();
    loop.submit(() -> {}).sync();
    loop.submit(() -> LoopFlushes.of().add(loop, socket("b"))).sync();
    loop.submit(() -> {}).sync();
    assertThat(log).containsExactly("a", "b");
  }

  @Test
  void aFailingFlushDoesNotKeepTheOthersBack() throws Exception {
    loop.submit(() -> {
      LoopFlushes flushes = LoopFlushes.of();
      flushes.add(loop, () -> {
        throw new IllegalStateException("boom");
      });
      flushes.add(loop, socket("b"));
    }).sync();
    loop.submit(() -> {}).sync();
    assertThat(log).containsExactly("b");
  }

  @Test
  void aFlushThatOwesAnotherFlushGetsItInTheNextTask() throws Exception {
    List<String> order = new ArrayList<>();
    loop.submit(() -> {
      LoopFlushes flushes = LoopFlushes.of();
      flushes.add(loop, () -> {
        order.add("first");
        flushes.add(loop, () -> order.add("second"));
      });
    }).sync();
    loop.submit(() -> {}).sync();
    loop.submit(() -> {}).sync();
    assertThat(loop.submit(() -> List.copyOf(order)).get()).containsExactly("first", "second");
  }

  @Test
  void aLoopThatRefusesTheTaskMakesTheCallerFlushItself() throws Exception {
    EventLoop stopped = new DefaultEventLoop();
    stopped.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    boolean accepted =
        loop.submit(() -> LoopFlushes.of().add(stopped, socket("x"))).get();
    assertThat(accepted).isFalse();
    // the refused socket is not kept: the next batch flushes only what it adds
    loop.submit(() -> LoopFlushes.of().add(loop, socket("y"))).sync();
    loop.submit(() -> {}).sync();
    assertThat(log).containsExactly("y");
  }
}
