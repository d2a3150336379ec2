package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does after a task of a chain or chord finished: send the next link, count the
 * chord member and send the callback when it was the last, or fail what can no longer run.
 *
 * <p>All of it happens before the finished task's message is acknowledged, so a worker that dies
 * in between leaves the message to be redelivered, and {@link #recover} redoes the follow-up
 * without running the task again. Chord counting is idempotent in the backend, so a member
 * counted twice counts once; the callback is sent by the one caller the backend names.
 */
final class Followups {
  /** The failure type of a chain link that could not run because an earlier link failed. */
  static final String CHAIN_BROKEN = "dev.switchboard.tasks.ChainBroken";
  /** The failure type of a chord callback whose member failed. */
  static final String CHORD_FAILED = "dev.switchboard.tasks.ChordFailed";

  private static final Logger log = LoggerFactory.getLogger(Followups.class);

  private Followups() {}

  /** Builds the message for a link or callback, with the queue and priority it asks for. */
  static TaskMessage linkMessage(
      TaskApp app,
      TaskMessage.Link link,
      @Nullable JsonNode args,
      List<TaskMessage.Link> rest,
      TaskMessage.@Nullable ChordRef chord,
      @Nullable String parent) {
    Task<?, ?> task = app.lookup(link.name());
    TaskOptions options = task == null ? TaskOptions.DEFAULTS : task.options();
    CallOptions.Builder call = CallOptions.builder().taskId(link.id());
    if (link.queue() != null) {
      call.queue(link.queue());
    }
    if (link.priority() >= 0) {
      call.priority(link.priority());
    }
    return app.message(link.name(), options, args, call.build(), rest, chord, parent);
  }

  /** Sends what follows a successful task. */
  static void onSuccess(TaskApp app, TaskMessage m, @Nullable JsonNode result) {
    if (!m.chain().isEmpty()) {
      TaskMessage.Link next = m.chain().get(0);
      JsonNode args = next.args() != null ? next.args() : result;
      app.publish(
          linkMessage(app, next, args, m.chain().subList(1, m.chain().size()), null, m.id()));
    }
    TaskMessage.ChordRef chord = m.chord();
    if (chord != null) {
      var progress =
          app.backend().chordPartDone(chord.id(), chord.index(), chord.size(), result).join();
      if (progress.mustDispatch()) {
        app.publish(linkMessage(app, chord.callback(), progress.results(), List.of(), null, m.id()));
        app.backend().chordDispatched(chord.id()).join();
        log.debug("chord[{}] complete: callback {} sent", chord.id(), chord.callback().name());
      }
    }
  }

  /** Fails what can no longer run after task {@code m} failed or was revoked. */
  static void onFailure(TaskApp app, TaskMessage m, TaskState state, TaskFailure why) {
    String what = state == TaskState.REVOKED ? "was revoked" : "failed: " + why;
    for (TaskMessage.Link link : m.chain()) {
      fail(app, link.id(), link.name(),
          TaskFailure.of(CHAIN_BROKEN, "chain link " + m.label() + " " + what));
    }
    TaskMessage.ChordRef chord = m.chord();
    if (chord != null && app.backend().chordFailed(chord.id()).join()) {
      fail(app, chord.id(), chord.callback().name(),
          TaskFailure.of(CHORD_FAILED, "chord member " + m.label() + " " + what));
    }
  }

  /**
   * Redoes the follow-up of a task that a redelivery found already finished: the worker that
   * finished it may have died before sending what follows.
   */
  static void recover(TaskApp app, TaskMessage m, TaskResult stored) {
    if (stored.state() == TaskState.SUCCESS) {
      if (!m.chain().isEmpty() && app.backend().get(m.chain().get(0).id()).join() != null) {
        // The next link already ran or runs: only the chord part may be missing.
        TaskMessage noChain =
            new TaskMessage(m.id(), m.name(), m.args(), m.queue(), m.priority(), m.eta(),
                m.expires(), m.retries(), m.headers(), List.of(), m.chord(), m.sent(), m.parent());
        onSuccess(app, noChain, stored.result());
      } else {
        onSuccess(app, m, stored.result());
      }
    } else if (stored.failure() != null) {
      onFailure(app, m, stored.state(), stored.failure());
    }
  }

  private static void fail(TaskApp app, String id, String name, TaskFailure why) {
    TaskResult r = TaskResult.of(id, name, TaskState.PENDING).failed(TaskState.FAILURE, why,
        TaskApp.nowMicros());
    if (app.backend().store(r).join().stored()) {
      app.events().failed(id, name, why);
    }
  }
}
