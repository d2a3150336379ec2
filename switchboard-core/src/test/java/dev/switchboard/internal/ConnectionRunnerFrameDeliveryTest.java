package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.CloseCodes;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ready frames to a WebSocket whose handler does not handle them are never dropped while the
 * connection stays open: they are not counted against the channel capacity, keep their order
 * behind channel messages, and past the transport's byte bound close the connection instead.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionRunnerFrameDeliveryTest {
  private static final int CAPACITY = 5;

  /** Records what reaches the client, in order: frame texts and sent events. */
  private static final class Client implements ConnectionRunner.Transport {
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<Long> exceeded = new CopyOnWriteArrayList<>();
    final long limit;

    Client(long limit) {
      this.limit = limit;
    }

    @Override
    public void send(OutboundEvent event) {
      switch (event) {
        case OutboundEvent.WebSocketSend s -> out.add(s.text());
        case OutboundEvent.WebSocketClose c -> out.add("close " + c.code());
        default -> out.add(event.getClass().getSimpleName());
      }
    }

    @Override
    public void forward(Message frame) {
      out.add(frame.getString("text"));
    }

    @Override
    public long frameBacklogLimit() {
      return limit;
    }

    @Override
    public void frameBacklogExceeded(long waitingBytes) {
      exceeded.add(waitingBytes);
    }
  }

  /**
   * A WebSocket handler that accepts on connect, forwards "note" channel messages as "note:N"
   * sends, and blocks in the events named by the latches.
   */
  private static final class Handler implements ConnectionHandler {
    final CountDownLatch busy = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ConnectionRunner[] self;

    Handler(ConnectionRunner[] self) {
      this.self = self;
    }

    @Override
    public void handle(InboundEvent event) throws Exception {
      switch (event) {
        case InboundEvent.WebSocketConnect c -> self[0].send(OutboundEvent.WebSocketAccept.PLAIN);
        case InboundEvent.WebSocketReceive r -> block();
        case InboundEvent.ChannelMessage m -> {
          if (m.message().type().equals("block")) {
            block();
          } else {
            self[0].send(OutboundEvent.WebSocketSend.text("note:" + m.message().getString("n")));
          }
        }
        default -> {}
      }
    }

    private void block() throws InterruptedException {
      busy.countDown();
      assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public boolean handles(String type) {
      return !type.equals(Message.WEBSOCKET_SEND);
    }
  }

  private final ConnectionRunner[] self = new ConnectionRunner[1];
  private final Handler handler = new Handler(self);

  private ConnectionRunner open(Client client) {
    ConnectionRunner runner =
        new ConnectionRunner(
            Scope.builder(Scope.Type.WEBSOCKET, "/").build(), conn -> handler, null, client);
    self[0] = runner;
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    await().atMost(Duration.ofSeconds(5)).until(() -> client.out.contains("WebSocketAccept"));
    return runner;
  }

  private static List<String> frames(int from, int to) {
    List<String> texts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      texts.add("f" + i);
    }
    return texts;
  }

  @Test
  void framesGoStraightToTheClientWhileTheHandlerIsBusyWithItsOwnClient() throws Exception {
    Client client = new Client(Long.MAX_VALUE);
    ConnectionRunner runner = open(client);
    runner.deliver(InboundEvent.WebSocketReceive.text("slow"));
    assertThat(handler.busy.await(5, TimeUnit.SECONDS)).isTrue();

    for (int i = 0; i < 10 * CAPACITY; i++) {
      assertThat(runner.offer(Message.textFrame("f" + i), CAPACITY)).as("frame %d taken", i).isTrue();
    }
    // written at once, although the handler has not finished its client's message
    assertThat(client.out).containsSubsequence(frames(0, 10 * CAPACITY));
    handler.release.countDown();
  }

  @Test
  void framesBehindAChannelMessageQueueInOrderWithoutCountingAgainstCapacity() throws Exception {
    Client client = new Client(Long.MAX_VALUE);
    ConnectionRunner runner = open(client);
    assertThat(runner.offer(Message.of("block"), CAPACITY)).isTrue();
    assertThat(handler.busy.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.offer(Message.of("note", "n", "1"), CAPACITY)).isTrue();
    for (int i = 0; i < 20 * CAPACITY; i++) {
      assertThat(runner.offer(Message.textFrame("f" + i), CAPACITY)).as("frame %d taken", i).isTrue();
    }
    assertThat(runner.offer(Message.of("note", "n", "2"), CAPACITY)).isTrue();
    assertThat(client.out).doesNotContain("f0"); // queued behind the channel message in progress

    handler.release.countDown();
    List<String> expected = new ArrayList<>(List.of("note:1"));
    expected.addAll(frames(0, 20 * CAPACITY));
    expected.add("note:2");
    await().atMost(Duration.ofSeconds(5)).until(() -> client.out.contains("note:2"));
    assertThat(client.out.subList(1, client.out.size())).containsExactlyElementsOf(expected);

    // with nothing ahead any more, the next frame goes straight out again
    runner.offer(Message.textFrame("after"), CAPACITY);
    assertThat(client.out).endsWith("after");
  }

  @Test
  void handlerMessagesPastCapacityAreRefusedButFramesAreNot() throws Exception {
    Client client = new Client(Long.MAX_VALUE);
    ConnectionRunner runner = open(client);
    assertThat(runner.offer(Message.of("block"), CAPACITY)).isTrue();
    assertThat(handler.busy.await(5, TimeUnit.SECONDS)).isTrue();
    int taken = 0;
    for (int i = 0; i < 2 * CAPACITY; i++) {
      if (runner.offer(Message.of("note", "n", Integer.toString(i)), CAPACITY)) {
        taken++;
      }
    }
    // capacity counts the messages waiting, not the one being handled (Channels' semantics)
    assertThat(taken).isEqualTo(CAPACITY);
    assertThat(runner.offer(Message.textFrame("frame"), CAPACITY)).isTrue();
    handler.release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.out.contains("frame"));
    assertThat(client.out).endsWith("note:" + (CAPACITY - 1), "frame");
  }

  @Test
  void aFrameBacklogPastTheTransportsBoundClosesTheConnectionOnceInsteadOfDroppingSilently()
      throws Exception {
    Client client = new Client(100);
    ConnectionRunner runner = open(client);
    assertThat(runner.offer(Message.of("block"), CAPACITY)).isTrue();
    assertThat(handler.busy.await(5, TimeUnit.SECONDS)).isTrue();
    String tenBytes = "0123456789";
    for (int i = 0; i < 10; i++) {
      runner.offer(Message.textFrame(tenBytes), CAPACITY); // exactly at the bound: 100 bytes
    }
    assertThat(client.exceeded).isEmpty();
    runner.offer(Message.textFrame("x"), CAPACITY);
    runner.offer(Message.textFrame("y"), CAPACITY);
    assertThat(client.exceeded).containsExactly(100L);

    handler.release.countDown();
    await().atMost(Duration.ofSeconds(5))
        .until(() -> client.out.stream().filter(tenBytes::equals).count() == 10);
    assertThat(client.out).doesNotContain("x", "y");
  }

  @Test
  void aSingleFrameLargerThanTheBoundStillQueuesWhenNothingElseWaits() throws Exception {
    Client client = new Client(4);
    ConnectionRunner runner = open(client);
    assertThat(runner.offer(Message.of("block"), CAPACITY)).isTrue();
    assertThat(handler.busy.await(5, TimeUnit.SECONDS)).isTrue();
    runner.offer(Message.textFrame("larger than four"), CAPACITY);
    assertThat(client.exceeded).isEmpty();
    handler.release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.out.contains("larger than four"));
  }

  @Test
  void overflowUnderTheDisconnectPolicyClosesTheWebSocketWith1013Once() throws Exception {
    Client client = new Client(Long.MAX_VALUE);
    ConnectionRunner runner = open(client);
    runner.overflowed("specific.x!1", CAPACITY);
    runner.overflowed("specific.x!1", CAPACITY);
    assertThat(client.out.stream().filter(("close " + CloseCodes.TRY_AGAIN_LATER)::equals))
        .hasSize(1);
  }

  @Test
  void aChannelMessageDeliveredDirectlyIsOrderedAndCountedLikeAnOfferedOne() throws Exception {
    Client client = new Client(Long.MAX_VALUE);
    ConnectionRunner runner = open(client);
    runner.deliver(new InboundEvent.ChannelMessage(Message.of("block")));
    assertThat(handler.busy.await(5, TimeUnit.SECONDS)).isTrue();
    runner.offer(Message.textFrame("behind"), CAPACITY);
    assertThat(client.out).doesNotContain("behind");
    handler.release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.out.contains("behind"));
    // the counts went back to zero: the next frame is written at once
    AtomicLong before = new AtomicLong(client.out.size());
    runner.offer(Message.textFrame("direct"), CAPACITY);
    assertThat(client.out).hasSize((int) before.get() + 1).endsWith("direct");
  }
}
