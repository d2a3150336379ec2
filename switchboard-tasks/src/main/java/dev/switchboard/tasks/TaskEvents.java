package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.layer.ChannelLayer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends task lifecycle and progress events to the channel layer, to group {@code task-<id>} (the
 * watchers of one task) and group {@code tasks} (every task). Without a layer it does nothing.
 *
 * <p>Event types: {@code task.received}, {@code task.started}, {@code task.progress}, {@code
 * task.retry}, {@code task.succeeded}, {@code task.failed}, {@code task.revoked}; fields {@code
 * id}, {@code name}, {@code state}, and {@code meta}, {@code result} or {@code error} (an object
 * with {@code type} and {@code message}). Sends do not wait: an event lost to a full channel is
 * counted by the layer, and the result backend stays the source of truth.
 */
final class TaskEvents {
  /** The group every task's events go to. */
  static final String ALL = "tasks";

  private static final Logger log = LoggerFactory.getLogger(TaskEvents.class);
  private final @Nullable ChannelLayer layer;
  private final Codec codec;

  TaskEvents(@Nullable ChannelLayer layer, Codec codec) {
    this.layer = layer;
    this.codec = codec;
  }

  /** Returns the group of one task's watchers. */
  static String group(String taskId) {
    return "task-" + taskId;
  }

  boolean enabled() {
    return layer != null;
  }

  void received(String id, String name) {
    send("task.received", id, name, TaskState.RECEIVED, null, null);
  }

  void started(String id, String name) {
    send("task.started", id, name, TaskState.STARTED, null, null);
  }

  void progress(String id, String name, @Nullable JsonNode meta) {
    send("task.progress", id, name, TaskState.PROGRESS, "meta", codec.toPlain(meta));
  }

  void retry(String id, String name, TaskFailure why) {
    send("task.retry", id, name, TaskState.RETRY, "error", error(why));
  }

  void succeeded(String id, String name, @Nullable JsonNode result) {
    send("task.succeeded", id, name, TaskState.SUCCESS, "result", codec.toPlain(result));
  }

  void failed(String id, String name, TaskFailure why) {
    send("task.failed", id, name, TaskState.FAILURE, "error", error(why));
  }

  void revoked(String id, String name, String reason) {
    send("task.revoked", id, name, TaskState.REVOKED, "error",
        error(TaskFailure.of(TaskRevokedException.class.getName(), reason)));
  }

  private static Map<String, Object> error(TaskFailure f) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", f.type());
    e.put("message", f.message());
    return e;
  }

  private void send(
      String type, String id, String name, TaskState state, @Nullable String key,
      @Nullable Object value) {
    ChannelLayer l = layer;
    if (l == null) {
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", id);
    fields.put("name", name);
    fields.put("state", state.name());
    if (key != null) {
      fields.put(key, value);
    }
    Message m = Message.of(type, fields);
    try {
      l.groupSend(group(id), m).whenComplete((v, e) -> logFailure(type, id, e));
      l.groupSend(ALL, m).whenComplete((v, e) -> logFailure(type, id, e));
    } catch (RuntimeException e) {
      logFailure(type, id, e);
    }
  }

  private static void logFailure(String type, String id, @Nullable Throwable e) {
    if (e != null) {
      log.debug("task[{}] event {} not sent: {}", id, type, e.toString());
    }
  }
}
