package dev.switchboard.examples.thumbnails;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.consumer.HttpConsumer;
import dev.switchboard.internal.JsonMappers;
import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.Task;
import java.util.Map;

/**
 * {@code POST /thumbnails/start} with a JSON {@link ResizeArgs} body: sends the resize task and
 * answers 202 with {@code {"id": ..., "events": "/ws/tasks/<id>/"}}; the page then watches the
 * task over that WebSocket. A body that is not valid arguments gets 400 with the reason.
 */
final class StartResize extends HttpConsumer {
  private static final JsonMapper JSON = JsonMappers.builder().build();
  private final Task<ResizeArgs, ResizeResult> resize;

  StartResize(Task<ResizeArgs, ResizeResult> resize) {
    this.resize = resize;
  }

  @Override
  protected void onRequest(byte[] body) {
    if (!scope().method().equals("POST")) {
      respond(405, "method not allowed: POST a JSON body\n");
      return;
    }
    ResizeArgs args;
    try {
      args = JSON.readValue(body, ResizeArgs.class);
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      respondJson(400, Map.of("error", "invalid resize arguments: " + root.getMessage()));
      return;
    }
    AsyncResult<ResizeResult> r = resize.delay(args);
    respondJson(202, Map.of("id", r.id(), "events", "/ws/tasks/" + r.id() + "/"));
  }
}
