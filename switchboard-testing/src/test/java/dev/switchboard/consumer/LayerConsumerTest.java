package dev.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.Headers;
import dev.switchboard.Message;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.routing.ChannelNameRouter;
import dev.switchboard.testing.HttpCommunicator;
import dev.switchboard.testing.WebSocketCommunicator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumers together with a real in-memory channel layer. */
@Timeout(30)
class LayerConsumerTest {
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();

  @AfterEach
  void close() {
    layer.close();
  }

  static final class Member extends WebSocketConsumer {
    @Override
    protected List<String> groups() {
      return List.of("news", "room_" + scope().pathParam("room"));
    }

    @OnMessage({"news.flash", "news.update"})
    void news(Message m) {
      send("news:" + m.getString("text"));
    }

    void roomMessage(Message m) { // found by naming convention: room.message -> roomMessage
      send("room:" + m.getString("text"));
    }
  }

  Application member() {
    return connection ->
        Consumer.app(Member::new)
            .open(connection.withScope(connection.scope().withPathParams(java.util.Map.of("room", "r1"))));
  }

  @Test
  void groupsAreJoinedOnConnectAndLeftOnDisconnect() {
    var ws = WebSocketCommunicator.builder(member(), "/m").layer(layer).build();
    ws.connect();
    layer.groupSend("news", Message.of("news.flash", "text", "one")).join();
    assertThat(ws.receiveText()).isEqualTo("news:one");
    layer.groupSend("room_r1", Message.of("room.message", "text", "two")).join();
    assertThat(ws.receiveText()).isEqualTo("room:two");
    ws.disconnect();
    long before = layer.stats().delivered();
    layer.groupSend("news", Message.of("news.flash", "text", "gone")).join();
    layer.groupSend("room_r1", Message.of("room.message", "text", "gone")).join();
    assertThat(layer.stats().delivered()).isEqualTo(before);
  }

  @Test
  void anAnnotationMayHandleSeveralTypes() {
    try (var ws = WebSocketCommunicator.builder(member(), "/m").layer(layer).build()) {
      ws.connect();
      layer.groupSend("news", Message.of("news.update", "text", "u")).join();
      assertThat(ws.receiveText()).isEqualTo("news:u");
    }
  }

  @Test
  void anUnknownTypeClosesWith1011() {
    try (var ws = WebSocketCommunicator.builder(member(), "/m").layer(layer).build()) {
      ws.connect();
      layer.groupSend("news", Message.of("sports.score", "text", "x")).join();
      assertThat(ws.receiveClose().code()).isEqualTo(CloseCodes.INTERNAL_ERROR);
    }
    var e = new NoHandlerException("sports.score", Member.class);
    assertThat(e.getMessage()).contains("'sports.score'").contains("sportsScore(Message)");
  }

  @Test
  void layerLifecycleEventsWithoutAHandlerAreIgnored() {
    try (var ws = WebSocketCommunicator.builder(member(), "/m").layer(layer).build()) {
      ws.connect();
      layer.groupSend("news", Message.of("layer.reconnected")).join();
      layer.groupSend("news", Message.of("news.flash", "text", "after")).join();
      assertThat(ws.receiveText()).isEqualTo("news:after");
    }
  }

  /** A streaming HTTP response fed by channel messages, the shape of server-sent events. */
  static final class Stream extends HttpConsumer {
    @Override
    protected List<String> groups() {
      return List.of("ticks");
    }

    @Override
    protected void onRequest(byte[] body) {
      startResponse(200, Headers.of("content-type", "text/event-stream"));
      sendBody("event: hello\n\n".getBytes(StandardCharsets.UTF_8), true);
    }

    @OnMessage("tick")
    void tick(Message m) {
      long n = m.getLong("n");
      sendBody(("data: " + n + "\n\n").getBytes(StandardCharsets.UTF_8), n < 3);
    }
  }

  @Test
  void httpConsumerStreamsChannelMessages() throws Exception {
    var http =
        HttpCommunicator.request(Consumer.app(Stream::new), "GET", "/events", Headers.EMPTY, new byte[0], layer);
    Thread sender =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int n = 1; n <= 3; n++) {
                    // the consumer joins "ticks" when the request arrives; wait for it
                    while (layer.groupCount() == 0) {
                      Thread.onSpinWait();
                    }
                    layer.groupSend("ticks", Message.of("tick", "n", n)).join();
                  }
                });
    HttpCommunicator.Response r = http.response(Duration.ofSeconds(5));
    sender.join();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.parts()).hasSize(4);
    assertThat(r.bodyText()).isEqualTo("event: hello\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n");
  }

  static final BlockingQueue<String> DONE = new LinkedBlockingQueue<>();

  static final class Jobs extends ChannelConsumer {
    @OnMessage("job.run")
    void run(Message m) {
      String name = m.getString("name");
      if (name.equals("fail")) {
        throw new IllegalStateException("job failed on purpose");
      }
      DONE.add(scope().channel() + ":" + name);
    }
  }

  @Test
  void channelWorkerRunsBackgroundWorkInOrderAndSurvivesFailures() throws Exception {
    DONE.clear();
    Application router = ChannelNameRouter.builder().route("jobs", Consumer.app(Jobs::new)).build();
    try (ChannelWorker worker = ChannelWorker.start(layer, router, List.of("jobs"))) {
      for (String name : List.of("a", "fail", "b", "c")) {
        layer.send("jobs", Message.of("job.run", "name", name)).join();
      }
      for (String expected : List.of("jobs:a", "jobs:b", "jobs:c")) {
        assertThat(DONE.poll(5, TimeUnit.SECONDS)).as("timed out waiting for %s", expected).isEqualTo(expected);
      }
      assertThat(DONE.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }
  }
}
