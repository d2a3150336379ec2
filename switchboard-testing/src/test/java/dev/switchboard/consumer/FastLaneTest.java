package dev.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.Message;
import dev.switchboard.OutboundEvent;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.testing.WebSocketCommunicator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ready websocket.send frames: forwarded without waking idle consumers, in order with the rest. */
@Timeout(30)
class FastLaneTest {
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static final CountDownLatch BLOCKED = new CountDownLatch(1);

  @AfterEach
  void close() {
    layer.close();
  }

  static class Room extends WebSocketConsumer {
    @Override
    protected List<String> groups() {
      return List.of("room");
    }

    @Override
    protected void receive(String text) throws Exception {
      if (text.equals("block")) {
        BLOCKED.countDown();
        RELEASE.await();
      }
      send(text + "-done");
    }

    @OnMessage("note")
    void note(Message m) {
      send("note:" + m.getString("text"));
    }
  }

  static final class Intercepting extends Room {
    @OnMessage(Message.WEBSOCKET_SEND)
    void frame(Message m) {
      send("intercepted:" + m.getString("text"));
    }
  }

  WebSocketCommunicator join(Application app) {
    var ws = WebSocketCommunicator.builder(app, "/r").layer(layer).build();
    assertThat(ws.connect().accepted()).isTrue();
    return ws;
  }

  @Test
  void anIdleConsumersFrameIsWrittenByTheSenderWithoutQueueing() {
    try (var a = join(Consumer.app(Room::new))) {
      // Right after connect the consumer's thread may still be winding down, and a frame then
      // queues (correctly). Within a few tries the consumer is idle, and the frame must have been
      // written on this thread before groupSend returned: no consumer thread was involved.
      boolean direct = false;
      for (int attempt = 0; attempt < 50 && !direct; attempt++) {
        layer.groupSend("room", Message.textFrame("f" + attempt)).join();
        try {
          assertThat(a.receiveOutput(Duration.ZERO)).isEqualTo(OutboundEvent.WebSocketSend.text("f" + attempt));
          direct = true;
        } catch (AssertionError queued) {
          assertThat(a.receiveText()).isEqualTo("f" + attempt);
        }
      }
      assertThat(direct).as("a frame to an idle consumer was written by the sender").isTrue();
    }
  }

  @Test
  void aBusyConsumersFrameWaitsBehindEarlierEvents() throws Exception {
    try (var a = join(Consumer.app(Room::new))) {
      a.sendText("block");
      assertThat(BLOCKED.await(5, TimeUnit.SECONDS)).isTrue();
      layer.groupSend("room", Message.of("note", "text", "first")).join();
      layer.groupSend("room", Message.textFrame("second")).join();
      a.receiveNothing();
      RELEASE.countDown();
      assertThat(a.receiveText()).isEqualTo("block-done");
      assertThat(a.receiveText()).isEqualTo("note:first");
      assertThat(a.receiveText()).isEqualTo("second");
    }
  }

  @Test
  void aConsumerThatHandlesWebsocketSendSeesEveryFrame() {
    try (var a = join(Consumer.app(Intercepting::new))) {
      layer.groupSend("room", Message.textFrame("x")).join();
      assertThat(a.receiveText()).isEqualTo("intercepted:x");
    }
  }

  @Test
  void binaryFramesAreForwardedToo() {
    try (var a = join(Consumer.app(Room::new))) {
      layer.groupSend("room", Message.binaryFrame(new byte[] {7, 8})).join();
      assertThat(a.receiveBytes()).containsExactly(7, 8);
    }
  }
}
