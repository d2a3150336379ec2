package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Message;
import dev.switchboard.layer.InMemoryChannelLayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskEventsTest {
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

  BlockingQueue<Message> watch(String group) {
    BlockingQueue<Message> q = new LinkedBlockingQueue<>();
    String ch = layer.newChannel();
    layer.subscribe(ch, q::offer);
    layer.groupAdd(group, ch).join();
    return q;
  }

  static Message next(BlockingQueue<Message> q, String what) throws InterruptedException {
    Message m = q.poll(10, TimeUnit.SECONDS);
    assertThat(m).as("timed out waiting for " + what).isNotNull();
    return m;
  }

  @Test
  void lifecycleAndProgressEventsReachTheTaskGroupAndTheAllTasksGroup() throws Exception {
    Task<Integer, String> steps = app.task("events.steps", Integer.class, String.class, (ctx, n) -> {
      for (int i = 1; i <= n; i++) {
        ctx.progress(Map.of("done", i, "total", n));
      }
      return "done " + n;
    });
    BlockingQueue<Message> all = watch("tasks");
    AsyncResult<String> r = steps.applyAsync(2, CallOptions.builder().taskId("fixed-id-1").build());
    BlockingQueue<Message> one = watch("task-fixed-id-1");
    worker = Worker.builder(app).concurrency(2).build().start();
    assertThat(r.get(Duration.ofSeconds(10))).isEqualTo("done 2");
    List<String> types = new ArrayList<>();
    Message last = null;
    while (types.size() < 5) {
      last = next(one, "task events (got " + types + ")");
      types.add(last.type());
    }
    assertThat(types).containsExactly(
        "task.received", "task.started", "task.progress", "task.progress", "task.succeeded");
    assertThat(last.getString("id")).isEqualTo("fixed-id-1");
    assertThat(last.getString("state")).isEqualTo("SUCCESS");
    assertThat(last.get("result")).isEqualTo("done 2");
    for (int i = 0; i < 5; i++) {
      assertThat(next(all, "events in group tasks").getString("name")).isEqualTo("events.steps");
    }
    assertThat(one.poll(100, TimeUnit.MILLISECONDS)).as("nothing after succeeded").isNull();
  }

  @Test
  void progressEventCarriesTheMetadata() throws Exception {
    Task<Integer, Integer> t = app.task("events.meta", Integer.class, Integer.class, (ctx, n) -> {
      ctx.progress(Map.of("done", 3, "total", 10));
      throw new IllegalStateException("late failure");
    });
    AsyncResult<Integer> r = t.applyAsync(1, CallOptions.builder().taskId("fixed-id-2").build());
    BlockingQueue<Message> one = watch("task-fixed-id-2");
    worker = Worker.builder(app).concurrency(1).build().start();
    Message m;
    do {
      m = next(one, "task.progress");
    } while (!m.type().equals("task.progress"));
    assertThat(m.get("meta")).isEqualTo(Map.of("done", 3, "total", 10));
    do {
      m = next(one, "task.failed");
    } while (!m.type().equals("task.failed"));
    assertThat(m.get("error")).isEqualTo(
        Map.of("type", "java.lang.IllegalStateException", "message", "late failure"));
    assertThat(r.state()).isEqualTo(TaskState.FAILURE);
  }
}
