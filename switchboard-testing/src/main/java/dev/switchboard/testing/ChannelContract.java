package dev.switchboard.testing;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Message;
import dev.switchboard.layer.ChannelFullException;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.LayerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The channel part of the layer contract: send and receive, FIFO, at-most-once delivery, expiry and
 * capacity. Extend {@link ChannelLayerContract}, which includes these tests.
 */
public abstract class ChannelContract extends LayerContractSupport {

  @Test
  void sendThenReceive() {
    ChannelLayer layer = layer();
    String ch = name("inbox");
    await(layer.send(ch, msg(1)), "send");
    assertReceives(layer, ch, msg(1));
    assertNothingQueued(layer, ch);
  }

  @Test
  void receiveWaitsForSend() {
    ChannelLayer layer = layer();
    String ch = name("inbox");
    CompletableFuture<Message> pending = layer.receive(ch);
    assertThatThrownBy(() -> pending.get(200, MILLISECONDS))
        .as("receive on an empty channel must wait")
        .isInstanceOf(TimeoutException.class);
    await(layer.send(ch, msg(7)), "send");
    assertThat(await(pending, "the waiting receive")).isEqualTo(msg(7));
  }

  @Test
  void perChannelFifo() {
    ChannelLayer layer = layer(LayerConfig.builder().capacity(1_000).build());
    String ch = name("fifo");
    for (int i = 0; i < 1_000; i++) {
      await(layer.send(ch, msg(i)), "send " + i);
    }
    for (int i = 0; i < 1_000; i++) {
      assertReceives(layer, ch, msg(i));
    }
    // and with the receiver running while the sender sends
    CompletableFuture<Void> sender =
        CompletableFuture.runAsync(
            () -> IntStream.range(0, 1_000).forEach(i -> await(layer.send(ch, msg(i)), "send")),
            threads(1));
    List<Integer> received = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      received.add((int) await(layer.receive(ch), "message " + i).getLong("n"));
    }
    await(sender, "the sender");
    assertThat(received).isEqualTo(IntStream.range(0, 1_000).boxed().toList());
  }

  @Test
  void atMostOnceWithConcurrentReceivers() {
    ChannelLayer layer = layer(LayerConfig.builder().capacity(5_000).build());
    String ch = name("work");
    int receivers = 4;
    int count = 2_000;
    ExecutorService pool = threads(receivers);
    List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
    for (int r = 0; r < receivers; r++) {
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<Integer> mine = new ArrayList<>();
                for (; ; ) {
                  Message m = await(layer.receive(ch), "work");
                  if (m.type().equals("test.stop")) {
                    return mine;
                  }
                  mine.add((int) m.getLong("n"));
                }
              },
              pool));
    }
    for (int i = 0; i < count; i++) {
      await(layer.send(ch, msg(i)), "send " + i);
    }
    for (int r = 0; r < receivers; r++) {
      await(layer.send(ch, Message.of("test.stop")), "stop");
    }
    List<Integer> all = new ArrayList<>();
    for (CompletableFuture<List<Integer>> result : results) {
      List<Integer> mine = await(result, "a receiver to finish");
      assertThat(mine).as("one receiver's messages, in send order").isSorted();
      all.addAll(mine);
    }
    assertThat(all)
        .as("every message received exactly once across receivers")
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
  }

  @Test
  void cancelledReceiveDoesNotSwallowMessages() {
    ChannelLayer layer = layer();
    String ch = name("inbox");
    CompletableFuture<Message> cancelled = layer.receive(ch);
    assertThat(cancelled.cancel(true)).isTrue();
    CompletableFuture<Message> timedOut = layer.receive(ch).orTimeout(50, MILLISECONDS);
    assertThat(awaitFailure(timedOut, "receive with a 50 ms timeout"))
        .isInstanceOf(TimeoutException.class);
    await(layer.send(ch, msg(1)), "send 1");
    await(layer.send(ch, msg(2)), "send 2");
    assertReceives(layer, ch, msg(1));
    assertReceives(layer, ch, msg(2));
    assertThatThrownBy(cancelled::join).isInstanceOf(CancellationException.class);
  }

  @Test
  void messageExpires() {
    ChannelLayer layer = layer(LayerConfig.builder().expiry(Duration.ofMillis(300)).build());
    String ch = name("inbox");
    long expiredBefore = layer.stats().expired();
    await(layer.send(ch, msg(1)), "send 1");
    letTimePass(Duration.ofMillis(450));
    await(layer.send(ch, msg(2)), "send 2");
    assertReceives(layer, ch, msg(2));
    Awaitility.await("the expired message to be counted")
        .atMost(WAIT)
        .until(() -> layer.stats().expired() - expiredBefore >= 1);
  }

  @Test
  void capacityRefusesWithChannelFullException() {
    ChannelLayer layer = layer(LayerConfig.builder().capacity(3).build());
    String ch = name("inbox");
    assertThat(layer.capacity(ch)).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      await(layer.send(ch, msg(i)), "send " + i);
    }
    Throwable refused = awaitFailure(layer.send(ch, msg(3)), "send to a full channel");
    assertThat(refused)
        .isInstanceOf(ChannelFullException.class)
        .hasMessageContaining(ch)
        .hasMessageContaining("3");
    assertThat(((ChannelFullException) refused).channel()).isEqualTo(ch);
    assertThat(((ChannelFullException) refused).capacity()).isEqualTo(3);

    assertReceives(layer, ch, msg(0));
    await(layer.send(ch, msg(4)), "send after making room");
    assertReceives(layer, ch, msg(1));
    assertReceives(layer, ch, msg(2));
    assertReceives(layer, ch, msg(4));
  }

  @Test
  void capacityOverridePerPattern() {
    LayerConfig config = LayerConfig.builder().capacity(5).channelCapacity("small\\..*", 2).build();
    ChannelLayer layer = layer(config);
    String small = name("small");
    String big = name("big");
    assertThat(layer.capacity(small)).isEqualTo(2);
    assertThat(layer.capacity(big)).isEqualTo(5);
    for (int i = 0; i < 2; i++) {
      await(layer.send(small, msg(i)), "send to small");
    }
    assertThat(awaitFailure(layer.send(small, msg(2)), "third send to small"))
        .isInstanceOfSatisfying(
            ChannelFullException.class, e -> assertThat(e.capacity()).isEqualTo(2));
    for (int i = 0; i < 5; i++) {
      await(layer.send(big, msg(i)), "send to big");
    }
    assertThat(awaitFailure(layer.send(big, msg(5)), "sixth send to big"))
        .isInstanceOfSatisfying(
            ChannelFullException.class, e -> assertThat(e.capacity()).isEqualTo(5));
  }
}
