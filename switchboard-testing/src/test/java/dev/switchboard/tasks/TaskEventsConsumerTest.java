package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.testing.WebSocketCommunicator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The task events consumer with a real in-memory layer and a real in-process worker. */
@Timeout(30)
class TaskEventsConsumerTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  final InMemoryChannelLayer layer = new InMemoryChannelLayer();
  final TaskApp app = TaskApp.builder().channelLayer(layer).build();
  Worker worker;

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.shutdown(Duration.ofSeconds(5));
    }
    app.close();
    layer.close();
  }

  Application consumerFor(String id) {
    return connection -> Consumer.app(() -> new TaskEventsConsumer(app))
        .open(connection.withScope(connection.scope().withPathParams(Map.of("id", id))));
  }

  @Test
  void streamsSnapshotThenProgressThenResult() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Task<Integer, String> steps = app.task("ws.steps", Integer.class, String.class, (ctx, n) -> {
      go.await();
      for (int i = 1; i <= n; i++) {
        ctx.progress(Map.of("done", i, "total", n));
      }
      return "thumb.png";
    });
    worker = Worker.builder(app).concurrency(2).build().start();
    AsyncResult<String> r = steps.delay(3);
    var ws = WebSocketCommunicator.builder(consumerFor(r.id()), "/ws/tasks/" + r.id() + "/")
        .layer(layer).build();
    assertThat(ws.connect().accepted()).isTrue();
    JsonNode snapshot = ws.receiveJson(WAIT);
    assertThat(snapshot.get("type").asText()).isEqualTo("task.state");
    assertThat(snapshot.get("id").asText()).isEqualTo(r.id());
    go.countDown();
    JsonNode m;
    int lastDone = 0;
    do {
      m = ws.receiveJson(WAIT);
      if (m.get("type").asText().equals("task.progress")) {
        assertThat(m.get("meta").get("done").asInt()).isEqualTo(lastDone + 1);
        lastDone = m.get("meta").get("done").asInt();
      }
    } while (!m.get("type").asText().equals("task.succeeded"));
    assertThat(lastDone).isEqualTo(3);
    assertThat(m.get("result").asText()).isEqualTo("thumb.png");
    assertThat(m.get("state").asText()).isEqualTo("SUCCESS");
    ws.receiveNothing(Duration.ofMillis(100));
    ws.close();
  }

  @Test
  void lateWatcherGetsTheFinalStateAsSnapshot() throws Exception {
    Task<Integer, Integer> t = app.task("ws.quick", Integer.class, Integer.class, (ctx, n) -> n * 2);
    worker = Worker.builder(app).concurrency(2).build().start();
    AsyncResult<Integer> r = t.delay(21);
    assertThat(r.get(WAIT)).isEqualTo(42);
    var ws = WebSocketCommunicator.builder(consumerFor(r.id()), "/ws/tasks/x/").layer(layer).build();
    ws.connect();
    JsonNode s = ws.receiveJson(WAIT);
    assertThat(s.get("state").asText()).isEqualTo("SUCCESS");
    assertThat(s.get("result").asInt()).isEqualTo(42);
    ws.close();
  }

  @Test
  void invalidTaskIdClosesWithPolicyViolation() {
    var ws = WebSocketCommunicator.builder(consumerFor("bad id!"), "/ws/tasks/bad/").layer(layer).build();
    ws.connect();
    assertThat(ws.receiveClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
  }
}
