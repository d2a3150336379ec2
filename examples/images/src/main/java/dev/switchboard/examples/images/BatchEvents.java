package dev.switchboard.examples.images;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.Message;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.tasks.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an image's progress from the task working on it to the page that uploaded it: a ready
 * JSON frame to group {@code images-<batch>}, which {@link BatchSocket} joins, so the server
 * writes it to the page without waking a consumer. The same figures go to the task's own state
 * ({@code ctx.progress}), for {@code AsyncResult.progress()} and task dashboards.
 *
 * <p>Frames: {@code {"type": "progress", "image", "name", "step", "detail", "percent"}}, {@code
 * {"type": "done", "image", "name", "width", "height", "thumbnails": [{"width", "height",
 * "url"}]}} and {@code {"type": "failed", "image", "name", "step", "error"}}. Sends do not wait;
 * a lost frame is only a missed update (the result backend holds the outcome).
 */
final class BatchEvents {
  private static final Logger log = LoggerFactory.getLogger(BatchEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchEvents() {}

  /** Returns the group of a batch's page. */
  static String group(String batch) {
    return "images-" + batch;
  }

  /** Reports that {@code done} of {@code units} units of work are done, now at {@code step}. */
  static void progress(TaskContext ctx, ImageJob job, String step, String detail, int done,
      int units) {
    Map<String, Object> e = event("progress", job);
    e.put("step", step);
    e.put("detail", detail);
    e.put("percent", 100 * done / units);
    ctx.progress(Map.of("image", job.image(), "step", step, "percent", e.get("percent")));
    send(ctx, job.batch(), e);
  }

  /** Reports the finished thumbnails. */
  static void done(TaskContext ctx, ImageJob job) {
    Map<String, Object> e = event("done", job);
    e.put("width", job.width());
    e.put("height", job.height());
    e.put("thumbnails", job.thumbnails());
    send(ctx, job.batch(), e);
  }

  /** Reports that {@code step} failed; the chain stops there. */
  static void failed(TaskContext ctx, ImageJob job, String step, Exception error) {
    Map<String, Object> e = event("failed", job);
    e.put("step", step);
    e.put("error", error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    send(ctx, job.batch(), e);
  }

  private static Map<String, Object> event(String type, ImageJob job) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("image", job.image());
    e.put("name", job.name());
    return e;
  }

  private static void send(TaskContext ctx, String batch, Map<String, Object> event) {
    ChannelLayer layer = ctx.app().channelLayer();
    if (layer == null) {
      return;
    }
    String json;
    try {
      json = JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event of strings and numbers always encodes", e);
    }
    layer.groupSend(group(batch), Message.textFrame(json)).whenComplete((ok, failure) -> {
      if (failure != null) {
        log.warn("images[{}] event not sent: {}", batch, failure.toString());
      }
    });
  }
}
