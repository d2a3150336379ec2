package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner's inbox: FIFO, lock-free offers from many threads, one consumer at a time. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InboxTest {
  private static final int PRODUCERS = 4;
  private static final int PER_PRODUCER = 50_000;

  @Test
  void pollsInOfferOrderAndIsEmptyOnlyWhenDrained() {
    Inbox<String> inbox = new Inbox<>();
    assertThat(inbox.isEmpty()).isTrue();
    assertThat(inbox.poll()).isNull();

    inbox.offer("a");
    inbox.offer("b");
    assertThat(inbox.isEmpty()).isFalse();
    assertThat(inbox.poll()).isEqualTo("a");
    inbox.offer("c"); // arrives while the consumer's batch still holds "b"
    assertThat(inbox.isEmpty()).isFalse();
    assertThat(inbox.poll()).isEqualTo("b");
    assertThat(inbox.isEmpty()).isFalse();
    assertThat(inbox.poll()).isEqualTo("c");
    assertThat(inbox.isEmpty()).isTrue();
    assertThat(inbox.poll()).isNull();
  }

  @Test
  void concurrentOffersArriveOnceEachInEveryProducersOrder() throws Exception {
    Inbox<long[]> inbox = new Inbox<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      long producer = p;
      producers.add(Thread.ofPlatform().start(() -> {
        await(start);
        for (long i = 0; i < PER_PRODUCER; i++) {
          inbox.offer(new long[] {producer, i});
        }
      }));
    }
    long[] next = new long[PRODUCERS];
    int received = 0;
    start.countDown();
    while (received < PRODUCERS * PER_PRODUCER) {
      long[] event = inbox.poll();
      if (event == null) {
        Thread.onSpinWait();
        continue;
      }
      assertThat(event[1]).as("producer %d's next event", event[0]).isEqualTo(next[(int) event[0]]);
      next[(int) event[0]]++;
      received++;
    }
    for (Thread t : producers) {
      t.join();
    }
    assertThat(inbox.poll()).isNull();
    assertThat(inbox.isEmpty()).isTrue();
  }

  /**
   * The runner's hand-off: a producer offers, then starts a consumer unless one runs; a consumer
   * drains, clears the running flag, and goes on only if the inbox is not empty and it wins the
   * flag back. No event may be left behind with no consumer running, even while a consumer
   * is moving a batch as isEmpty() is asked.
   */
  @Test
  void theRunnersHandOffLosesNoEvent() throws Exception {
    Inbox<Integer> inbox = new Inbox<>();
    AtomicBoolean running = new AtomicBoolean();
    AtomicInteger handled = new AtomicInteger();
    Runnable[] drain = new Runnable[1];
    drain[0] = () -> {
      for (; ; ) {
        while (inbox.poll() != null) {
          handled.incrementAndGet();
        }
        running.set(false);
        if (inbox.isEmpty() || !running.compareAndSet(false, true)) {
          return;
        }
      }
    };
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(Thread.ofPlatform().start(() -> {
        await(start);
        for (int i = 0; i < PER_PRODUCER; i++) {
          inbox.offer(i);
          if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().start(drain[0]);
          }
        }
      }));
    }
    start.countDown();
    for (Thread t : producers) {
      t.join();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (handled.get() < PRODUCERS * PER_PRODUCER && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(handled.get()).isEqualTo(PRODUCERS * PER_PRODUCER);
    assertThat(inbox.isEmpty()).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
