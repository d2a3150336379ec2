package dev.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.OutboundEvent;
import dev.switchboard.testing.WebSocketCommunicator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WebSocketConsumerTest {

  static final class Echo extends WebSocketConsumer {
    @Override
    protected void receive(String text) {
      send("echo:" + text);
    }

    @Override
    protected void receive(byte[] bytes) {
      send(bytes);
    }
  }

  @Test
  void defaultConnectAcceptsAndEchoes() {
    try (var ws = WebSocketCommunicator.of(Consumer.app(Echo::new), "/echo")) {
      assertThat(ws.connect().accepted()).isTrue();
      ws.sendText("hi");
      assertThat(ws.receiveText()).isEqualTo("echo:hi");
      ws.sendBytes(new byte[] {1, 2, 3});
      assertThat(ws.receiveBytes()).containsExactly(1, 2, 3);
      ws.receiveNothing();
    }
  }

  @Test
  void eventsAreHandledOneAtATimeInOrder() {
    List<Integer> seen = new ArrayList<>();
    int[] concurrent = {0};
    int[] maxConcurrent = {0};
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void receive(String text) throws Exception {
                    maxConcurrent[0] = Math.max(maxConcurrent[0], ++concurrent[0]);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 2));
                    seen.add(Integer.parseInt(text));
                    concurrent[0]--;
                    send(text);
                  }
                });
    try (var ws = WebSocketCommunicator.of(app, "/x")) {
      ws.connect();
      for (int i = 0; i < 200; i++) {
        ws.sendText(Integer.toString(i));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(ws.receiveText(Duration.ofSeconds(5))).isEqualTo(Integer.toString(i));
      }
    }
    assertThat(seen).hasSize(200).isSorted();
    assertThat(maxConcurrent[0]).isEqualTo(1);
  }

  @Test
  void aBlockedHandlerDoesNotStallOtherConnections() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void receive(String text) throws Exception {
                    if (text.equals("block")) {
                      blocked.countDown();
                      release.await(); // stands in for a slow JDBC or HTTP call
                    }
                    send(text);
                  }
                });
    try (var slow = WebSocketCommunicator.of(app, "/a");
        var fast = WebSocketCommunicator.of(app, "/b")) {
      slow.connect();
      fast.connect();
      slow.sendText("block");
      assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 50; i++) {
        fast.sendText("f" + i);
        assertThat(fast.receiveText()).isEqualTo("f" + i);
      }
      slow.receiveNothing();
      release.countDown();
      assertThat(slow.receiveText()).isEqualTo("block");
    }
  }

  @Test
  void denyConnectionExceptionRefusesWithItsStatus() {
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void connect() {
                    throw new DenyConnection(401, "token required");
                  }
                });
    var result = WebSocketCommunicator.of(app, "/x").connect();
    assertThat(result.accepted()).isFalse();
    assertThat(result.status()).isEqualTo(401);
    assertThat(result.reason()).isEqualTo("token required");
  }

  @Test
  void closeBeforeAcceptRefusesWith403() {
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void connect() {
                    close();
                  }
                });
    var result = WebSocketCommunicator.of(app, "/x").connect();
    assertThat(result.accepted()).isFalse();
    assertThat(result.status()).isEqualTo(403);
  }

  @Test
  void acceptsOnlyASubprotocolTheClientOffered() {
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void connect() {
                    accept(scope().subprotocols().contains("v2") ? "v2" : null);
                  }
                });
    var ws = WebSocketCommunicator.builder(app, "/x").subprotocols("v1", "v2").build();
    assertThat(ws.connect().subprotocol()).isEqualTo("v2");

    Application wrong =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void connect() {
                    accept("v9");
                  }
                });
    var result = WebSocketCommunicator.builder(wrong, "/x").subprotocols("v1").build().connect();
    assertThat(result.accepted()).isFalse();
    assertThat(result.status()).isEqualTo(500);
  }

  @Test
  void sendBeforeAcceptFailsTheHandshakeWith500() {
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void connect() {
                    send("too early");
                  }
                });
    var result = WebSocketCommunicator.of(app, "/x").connect();
    assertThat(result.accepted()).isFalse();
    assertThat(result.status()).isEqualTo(500);
    assertThatThrownBy(() -> new Echo().send("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("send before accept");
  }

  @Test
  void anExceptionClosesThatSocketWith1011AndDisconnectStillRuns() throws Exception {
    CountDownLatch disconnected = new CountDownLatch(1);
    Application app =
        Consumer.app(
            () ->
                new WebSocketConsumer() {
                  @Override
                  protected void receive(String text) {
                    throw new IllegalStateException("boom");
                  }

                  @Override
                  protected void disconnect(int code) {
                    disconnected.countDown();
                  }
                });
    try (var bad = WebSocketCommunicator.of(app, "/x");
        var other = WebSocketCommunicator.of(Consumer.app(Echo::new), "/y")) {
      bad.connect();
      other.connect();
      bad.sendText("x");
      OutboundEvent.WebSocketClose close = bad.receiveClose();
      assertThat(close.code()).isEqualTo(CloseCodes.INTERNAL_ERROR);
      other.sendText("still here");
      assertThat(other.receiveText()).isEqualTo("echo:still here");
      bad.disconnect(CloseCodes.ABNORMAL);
      assertThat(disconnected.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void lambdaConsumerHandlesTextAndConnect() {
    Application app =
        LambdaConsumer.webSocket(
            ws ->
                ws.onConnect(
                        (c, v) -> {
                          if (c.scope().queryParam("token") == null) {
                            c.deny(401, "no token");
                          } else {
                            c.accept();
                          }
                        })
                    .onText((c, text) -> c.send(text.toUpperCase())));
    assertThat(WebSocketCommunicator.of(app, "/x").connect().status()).isEqualTo(401);
    try (var ws = WebSocketCommunicator.of(app, "/x?token=abc")) {
      assertThat(ws.connect().accepted()).isTrue();
      ws.sendText("shout");
      assertThat(ws.receiveText()).isEqualTo("SHOUT");
    }
  }
}
