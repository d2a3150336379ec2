package dev.switchboard.tasks;

import dev.switchboard.tasks.spi.DeadLetter;
import java.util.List;

/**
 * Remote control of a {@link TaskApp}'s workers through its broker and backend: which workers
 * are alive, revoking tasks, and reading dead letters. Methods block briefly on the broker.
 */
public final class Control {
  private final TaskApp app;

  Control(TaskApp app) {
    this.app = app;
  }

  /** Returns the workers whose heartbeat has not expired, sorted by id. */
  public List<WorkerInfo> workers() {
    return app.broker().workers().join();
  }

  /**
   * Revokes task {@code id}: records the id in the broker for the result backend's TTL (so
   * restarted workers still skip it), marks the task REVOKED unless it already finished, and
   * tells running workers, which interrupt it if it is running.
   */
  public void revoke(String id) {
    TaskIds.check(id);
    app.broker().revoke(id, app.backend().ttl()).join();
    TaskResult current = app.backend().get(id).join();
    String name = current == null ? "" : current.name();
    TaskResult revoked =
        (current == null ? TaskResult.of(id, name, TaskState.REVOKED) : current)
            .failed(TaskState.REVOKED,
                TaskFailure.of(TaskRevokedException.class.getName(), "revoked"),
                TaskApp.nowMicros());
    if (app.backend().store(revoked).join().stored()) {
      app.events().revoked(id, name, "revoked");
    }
  }

  /** Returns up to {@code max} dead letters (malformed messages, unknown task names), oldest first. */
  public List<DeadLetter> deadLetters(int max) {
    return app.broker().deadLetters(max).join();
  }

  /** Returns how many due messages wait in {@code queue}. */
  public long queueSize(String queue) {
    return app.broker().size(queue).join();
  }
}
