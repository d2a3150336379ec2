package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Message;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.layer.LayerStats;
import dev.switchboard.layer.MessageListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several threads send to one group while members join and leave: every count must add up and each
 * member must see each sender's messages in order, once.
 */
@Timeout(60)
class InMemoryChannelLayerStressTest {
  private static final int SENDERS = 4;
  private static final int PER_SENDER = 500;
  private static final int TOTAL = SENDERS * PER_SENDER;
  private static final int SLOW_CAPACITY = 50;

  /** Counts a member's messages and checks per-sender order; called from any sender thread. */
  static final class Member implements MessageListener {
    private final int[] lastSeq = new int[SENDERS];
    private int count;
    private int outOfOrder;
    private int afterChurn;

    Member() {
      java.util.Arrays.fill(lastSeq, -1);
    }

    @Override
    public synchronized boolean offer(Message message) {
      if (message.type().equals("test.after")) {
        afterChurn++;
        return true;
      }
      int sender = (int) message.getLong("sender");
      int seq = (int) message.getLong("seq");
      if (seq <= lastSeq[sender]) {
        outOfOrder++;
      }
      lastSeq[sender] = seq;
      count++;
      return true;
    }

    synchronized int count() {
      return count;
    }

    synchronized int outOfOrder() {
      return outOfOrder;
    }

    synchronized int afterChurn() {
      return afterChurn;
    }
  }

  @Test
  void concurrentGroupSendsWithChurningMembersAddUp() throws Exception {
    LayerConfig config = LayerConfig.builder().channelCapacity("slow\\..*", SLOW_CAPACITY).build();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
    try (InMemoryChannelLayer layer = new InMemoryChannelLayer(config)) {
      List<Member> stable = new ArrayList<>();
      List<Member> churning = new ArrayList<>();
      List<String> churningChannels = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String ch = layer.newChannel();
        Member member = new Member();
        layer.subscribe(ch, member);
        layer.groupAdd("room", ch).join();
        stable.add(member);
      }
      for (int i = 0; i < 10; i++) {
        String ch = layer.newChannel();
        Member member = new Member();
        layer.subscribe(ch, member);
        churning.add(member);
        churningChannels.add(ch);
      }
      List<String> slow = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        slow.add("slow." + i);
        layer.groupAdd("room", "slow." + i).join();
      }

      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean sending = new AtomicBoolean(true);
      CompletableFuture<Integer> churn =
          CompletableFuture.supplyAsync(
              () -> {
                awaitLatch(start);
                int rounds = 0;
                do {
                  for (String ch : churningChannels) {
                    layer.groupAdd("room", ch).join();
                  }
                  for (String ch : churningChannels) {
                    layer.groupDiscard("room", ch).join();
                  }
                  rounds++;
                } while (sending.get());
                return rounds;
              },
              pool);
      List<CompletableFuture<Void>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.add(
            CompletableFuture.runAsync(
                () -> {
                  awaitLatch(start);
                  for (int seq = 0; seq < PER_SENDER; seq++) {
                    Message m = Message.of("test.load", "sender", sender, "seq", seq);
                    layer.groupSend("room", m).join();
                  }
                },
                pool));
      }
      start.countDown();
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      sending.set(false);
      assertThat(churn.get(10, TimeUnit.SECONDS)).as("churn rounds").isPositive();

      LayerStats stats = layer.stats();
      long pushed = 0;
      for (Member member : stable) {
        assertThat(member.count()).as("stable member deliveries").isEqualTo(TOTAL);
        assertThat(member.outOfOrder()).as("stable member order violations").isZero();
        pushed += member.count();
      }
      for (Member member : churning) {
        // a subset of the messages, each sender's in order and none twice (a repeat is out of order)
        assertThat(member.outOfOrder()).as("churning member order violations").isZero();
        pushed += member.count();
      }
      assertThat(stats.groupSends()).isEqualTo(TOTAL);
      assertThat(stats.groupSendDrops()).isEqualTo(5L * (TOTAL - SLOW_CAPACITY));
      assertThat(stats.delivered()).as("delivered = pushed to subscribers").isEqualTo(pushed);
      assertThat(stats.sendRefusals()).isZero();

      for (String ch : slow) {
        for (int i = 0; i < SLOW_CAPACITY; i++) {
          Message m = layer.receive(ch).get(5, TimeUnit.SECONDS);
          assertThat(m.type()).isEqualTo("test.load");
        }
        Message marker = Message.of("test.marker");
        layer.send(ch, marker).join();
        assertThat(layer.receive(ch).get(5, TimeUnit.SECONDS))
            .as("nothing beyond capacity")
            .isEqualTo(marker);
      }
      assertThat(layer.stats().delivered()).isEqualTo(pushed + 5L * (SLOW_CAPACITY + 1));

      // every churn round ended with a discard: the churning members are out, the stable ones in
      layer.groupSend("room", Message.of("test.after")).join();
      for (Member member : stable) {
        assertThat(member.afterChurn()).as("stable member after the churn").isEqualTo(1);
      }
      for (Member member : churning) {
        assertThat(member.afterChurn()).as("churning member after its last discard").isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void receivesCancelledWhileMessagesArriveLoseNothing() throws Exception {
    int count = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (InMemoryChannelLayer layer =
        new InMemoryChannelLayer(LayerConfig.builder().capacity(count + 1).build())) {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch firstCancelled = new CountDownLatch(1);
      CompletableFuture<List<Integer>> receiver =
          CompletableFuture.supplyAsync(
              () -> {
                awaitLatch(start);
                List<Integer> received = new ArrayList<>();
                // One receive is surely waiting (nothing is sent yet) and surely cancelled; the
                // sender starts after it, so the cancellations below race real hand-overs.
                assertThat(layer.receive("work").cancel(false)).isTrue();
                int cancelled = 1;
                firstCancelled.countDown();
                for (; ; ) {
                  CompletableFuture<Message> f = layer.receive("work");
                  // Cancel every other receive at once, racing the sender's hand-over.
                  if (received.size() % 2 == 0 && f.cancel(false)) {
                    cancelled++;
                    continue;
                  }
                  Message m = f.orTimeout(5, TimeUnit.SECONDS).join();
                  if (m.type().equals("test.end")) {
                    assertThat(cancelled).as("receives cancelled").isPositive();
                    return received;
                  }
                  received.add((int) m.getLong("n"));
                }
              },
              pool);
      CompletableFuture<Void> sender =
          CompletableFuture.runAsync(
              () -> {
                awaitLatch(firstCancelled);
                for (int i = 0; i < count; i++) {
                  layer.send("work", Message.of("test.message", "n", i)).join();
                }
                layer.send("work", Message.of("test.end")).join();
              },
              pool);
      start.countDown();
      sender.get(30, TimeUnit.SECONDS);
      List<Integer> received = receiver.get(30, TimeUnit.SECONDS);
      assertThat(received)
          .as("every message received once, in order, despite cancelled receives")
          .hasSize(count)
          .isSorted()
          .doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for the start signal");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for the start signal", e);
    }
  }
}
