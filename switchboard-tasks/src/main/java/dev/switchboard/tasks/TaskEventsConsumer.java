package dev.switchboard.tasks;

import dev.switchboard.CloseCodes;
import dev.switchboard.Message;
import dev.switchboard.consumer.JsonWebSocketConsumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Streams one task's lifecycle and progress events to a browser: route it at {@code
 * /ws/tasks/{id}/} and the client receives, as JSON text, first a {@code task.state} snapshot of
 * what the result backend holds, then every event the workers send to group {@code task-<id>}
 * ({@code task.started}, {@code task.progress} with {@code meta}, {@code task.succeeded} with
 * {@code result}, {@code task.failed} with {@code error}, ...), each as {@code {"type": ...,
 * "id": ..., "name": ..., "state": ..., ...}}.
 *
 * <pre>{@code
 * UrlRouter.builder().route("/ws/tasks/{id}/", Consumer.app(() -> new TaskEventsConsumer(app)))
 * }</pre>
 *
 * <p>The socket joins the group before the snapshot is read, so no event is missed between the
 * two; an event sent in that gap arrives after the snapshot even though the snapshot already
 * shows its state (a progress figure can come twice, never out of order).
 *
 * <p>The server and the workers must share the channel layer (the Redis layer across
 * processes, or one in-memory layer in one process). An id that is not a valid task id closes
 * the socket with 1008. Messages from the client are ignored.
 */
public class TaskEventsConsumer extends JsonWebSocketConsumer {
  /** The path parameter that holds the task id. */
  public static final String ID_PARAM = "id";

  private final TaskApp app;

  /** Creates a consumer that reads snapshots from {@code app}'s result backend. */
  public TaskEventsConsumer(TaskApp app) {
    this.app = Objects.requireNonNull(app, "app");
  }

  /** Returns the task id from the path, or an empty string if the route has none. */
  protected String taskId() {
    return scope().pathParams().getOrDefault(ID_PARAM, "");
  }

  @Override
  protected List<String> groups() {
    String id = taskId();
    return validId(id) ? List.of(TaskEvents.group(id)) : List.of();
  }

  @Override
  protected void connect() throws Exception {
    String id = taskId();
    accept();
    if (!validId(id)) {
      close(CloseCodes.POLICY_VIOLATION, "task id must be 1 to 90 letters, digits, '-', '_', '.'");
      return;
    }
    sendJson(snapshot(id, app.backend().get(id).join()));
  }

  /** Forwards {@code task.*} events to the client; other types dispatch as usual. */
  @Override
  protected void dispatch(Message message) throws Exception {
    if (message.type().startsWith("task.")) {
      if (isOpen()) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", message.type());
        out.putAll(message.fields());
        sendJson(out);
      }
      return;
    }
    super.dispatch(message);
  }

  private Map<String, Object> snapshot(String id, TaskResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "task.state");
    out.put("id", id);
    if (r == null) {
      out.put("state", TaskState.PENDING.name());
      return out;
    }
    out.put("name", r.name());
    out.put("state", r.state().name());
    if (r.meta() != null) {
      out.put("meta", app.codec().toPlain(r.meta()));
    }
    if (r.state() == TaskState.SUCCESS) {
      out.put("result", app.codec().toPlain(r.result()));
    }
    if (r.failure() != null) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", r.failure().type());
      error.put("message", r.failure().message());
      out.put("error", error);
    }
    return out;
  }

  private static boolean validId(String id) {
    try {
      TaskIds.check(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
