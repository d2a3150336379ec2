package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.tasks.spi.Envelope;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and sends chains, groups and chords for a {@link TaskApp}. The follow-up work (sending
 * the next link, counting chord members) happens on the workers, in {@link Followups}; every id
 * is fixed here, so callers can wait on any part at once.
 */
final class Canvas {
  private final TaskApp app;

  Canvas(TaskApp app) {
    this.app = app;
  }

  @SuppressWarnings("unchecked")
  <R> AsyncResult<R> chain(List<Signature<?>> links) {
    if (links.isEmpty()) {
      throw new IllegalArgumentException("chain needs at least one signature");
    }
    Signature<?> first = links.get(0);
    if (first.args() == null) {
      throw new IllegalArgumentException(
          "the first link of a chain needs arguments: use task.s(args), not task.s()");
    }
    List<TaskMessage.Link> rest = new ArrayList<>(links.size() - 1);
    for (Signature<?> s : links.subList(1, links.size())) {
      rest.add(s.link(idFor(s)));
    }
    TaskMessage m =
        app.message(
            first.task().name(), first.task().options(), first.args(), first.options(), rest,
            null, null);
    app.publish(m);
    Signature<?> last = links.get(links.size() - 1);
    String lastId = rest.isEmpty() ? m.id() : rest.get(rest.size() - 1).id();
    return new AsyncResult<>(app, lastId, last.task().name(), (com.fasterxml.jackson.databind.JavaType) last.task().resultType());
  }

  <R> GroupResult<R> group(List<Signature<R>> members) {
    List<Envelope> batch = new ArrayList<>(members.size());
    List<AsyncResult<R>> handles = new ArrayList<>(members.size());
    for (Signature<R> s : members) {
      TaskMessage m =
          app.message(s.task().name(), s.task().options(), s.args(), s.options(), List.of(), null,
              null);
      batch.add(app.envelope(m));
      handles.add(new AsyncResult<>(app, m.id(), s.task().name(), s.task().resultType()));
    }
    app.broker().publishAll(batch).join();
    return new GroupResult<>(handles);
  }

  <R, C> AsyncResult<C> chord(List<Signature<R>> members, Signature<C> callback) {
    if (callback.args() != null) {
      throw new IllegalArgumentException(
          "a chord callback receives the members' results: create it with task.s(), not"
              + " task.s(args)");
    }
    String chordId = idFor(callback);
    TaskMessage.Link cb = callback.link(chordId);
    AsyncResult<C> handle =
        new AsyncResult<>(app, chordId, callback.task().name(), callback.task().resultType());
    if (members.isEmpty()) {
      app.publish(Followups.linkMessage(app, cb, JsonNodeFactory.instance.arrayNode(), List.of(),
          null, null));
      return handle;
    }
    List<Envelope> batch = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      Signature<R> s = members.get(i);
      if (s.args() == null) {
        throw new IllegalArgumentException(
            "chord member " + i + " (" + s.task().name() + ") needs arguments: use task.s(args)");
      }
      TaskMessage m =
          app.message(s.task().name(), s.task().options(), s.args(), s.options(), List.of(),
              new TaskMessage.ChordRef(chordId, i, members.size(), cb), null);
      batch.add(app.envelope(m));
    }
    app.broker().publishAll(batch).join();
    return handle;
  }

  private static String idFor(Signature<?> s) {
    String id = s.options().taskId();
    return id != null ? id : TaskIds.random();
  }
}
