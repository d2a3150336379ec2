package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.StoreOutcome;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a run ended and settles its delivery: SUCCESS with follow-ups, RETRY with the
 * message sent again after a countdown, or FAILURE. The delivery is acknowledged only after the
 * outcome is stored (and a retry published), which is what makes delivery at-least-once.
 */
final class Outcome {
  private static final Logger log = LoggerFactory.getLogger(Outcome.class);

  private final Worker worker;
  private final TaskApp app;
  private final Delivery delivery;
  private final TaskMessage m;
  private final TaskResult started;
  private final TaskOptions options;

  Outcome(
      Worker worker, TaskApp app, Delivery delivery, TaskMessage m, TaskResult started,
      TaskOptions options) {
    this.worker = worker;
    this.app = app;
    this.delivery = delivery;
    this.m = m;
    this.started = started;
    this.options = options;
  }

  void complete(@Nullable Object value, @Nullable Throwable error, boolean softLimitHit) {
    if (error == null) {
      JsonNode tree;
      try {
        tree = app.codec().toTree(value);
      } catch (IllegalArgumentException e) {
        fail(TaskFailure.of(e));
        return;
      }
      storeEnd(app, m, started, started.succeeded(tree, TaskApp.nowMicros()));
      Followups.onSuccess(app, m, tree);
      app.events().succeeded(m.id(), m.name(), tree);
      worker.finished(delivery);
      return;
    }
    boolean asked = error instanceof RetryTask;
    if (asked || options.autoretries(error)) {
      Throwable cause = asked && error.getCause() != null ? error.getCause() : error;
      if (m.retries() >= options.maxRetries()) {
        fail(TaskFailure.of(asked && error.getCause() == null
            ? new MaxRetriesExceeded("task " + m.label() + " gave up after "
                + options.maxRetries() + " retries", error)
            : cause));
        return;
      }
      Duration countdown = asked && ((RetryTask) error).countdown() != null
          ? ((RetryTask) error).countdown()
          : options.backoff(m.retries(), ThreadLocalRandom.current());
      retry(cause, countdown);
      return;
    }
    if (softLimitHit && interruptedBy(error)) {
      fail(TaskFailure.of(new SoftTimeLimitExceeded(
          "task " + m.label() + " exceeded its soft time limit of " + options.softTimeLimit())));
      return;
    }
    fail(TaskFailure.of(error));
  }

  private void retry(Throwable cause, Duration countdown) {
    TaskFailure why = TaskFailure.of(cause);
    app.publish(m.retried(System.currentTimeMillis() + countdown.toMillis()));
    storeEnd(app, m, started, started.failed(TaskState.RETRY, why, TaskApp.nowMicros()));
    app.events().retry(m.id(), m.name(), why);
    log.debug("worker[{}] task {} retry {} in {}", worker.id(), m.label(), m.retries() + 1,
        countdown);
    worker.finished(delivery);
  }

  private void fail(TaskFailure why) {
    recordEnd(app, m, started, TaskState.FAILURE, why);
    log.debug("worker[{}] task {} failed: {}", worker.id(), m.label(), why);
    worker.finished(delivery);
  }

  /** Stores a terminal state reached without a result, fails follow-ups and sends the event. */
  static void recordEnd(
      TaskApp app, TaskMessage m, TaskResult base, TaskState state, @Nullable TaskFailure why) {
    TaskFailure f = why == null ? TaskFailure.of("unknown", state.name()) : why;
    var outcome = storeEnd(app, m, base, base.failed(state, f, TaskApp.nowMicros()));
    if (!outcome.stored()) {
      if (state == TaskState.REVOKED && outcome.previous() == TaskState.REVOKED) {
        // Revoked through Control, which could not know the task's chain or chord.
        Followups.onFailure(app, m, state, f);
      }
      return; // otherwise already terminal: its follow-ups were handled when it got there
    }
    Followups.onFailure(app, m, state, f);
    if (state == TaskState.REVOKED) {
      app.events().revoked(m.id(), m.name(), f.message() == null ? "revoked" : f.message());
    } else {
      app.events().failed(m.id(), m.name(), f);
    }
  }

  /**
   * Stores how a run ended. When the backend refuses it because the task's record is gone
   * (previous PENDING: a Redis restarted without persistence, an expired record), writes the
   * STARTED record again and then the end, so the outcome is never dropped silently; a second
   * refusal is logged as an error.
   */
  static StoreOutcome storeEnd(TaskApp app, TaskMessage m, TaskResult started, TaskResult end) {
    StoreOutcome outcome = app.backend().store(end).join();
    if (outcome.stored() || outcome.previous() != TaskState.PENDING
        || started.state() == TaskState.PENDING) {
      return outcome;
    }
    log.warn("task {}: its record was lost while it ran (the result backend lost data?);"
        + " storing {} again, then {}", m.label(), started.state(), end.state());
    app.backend().store(started).join();
    outcome = app.backend().store(end).join();
    if (!outcome.stored()) {
      log.error("task {}: the result backend refused its {} (state {}); the outcome is lost",
          m.label(), end.state(), outcome.previous());
    }
    return outcome;
  }

  private static boolean interruptedBy(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof SoftTimeLimitExceeded
          || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
