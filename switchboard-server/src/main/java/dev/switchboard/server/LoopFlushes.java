package dev.switchboard.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flushes an event loop owes to sockets it wrote to outside their own reads: one task per
 * loop, run after the I/O work under way, flushes them all.
 *
 * <p>A broadcast from a socket's read writes the frame to every member on the same loop at once,
 * without flushing. When the loop runs its tasks (after the ready sockets of this wake-up were
 * read), each member is flushed once, with everything written to it meanwhile. Under light load
 * that is one frame per write syscall, as with an immediate flush; when the loop falls behind,
 * several broadcasts read in one wake-up reach each member in one syscall, so the cost per
 * delivered message falls as the load rises instead of the backlog growing (the baseline gets the
 * same from Netty's flush consolidation).
 *
 * <p>Event-loop confined: one instance per I/O thread, reached through {@link #of()}.
 */
final class LoopFlushes {
  private static final Logger log = LoggerFactory.getLogger(LoopFlushes.class);

  /** A socket that can owe a flush. */
  interface Owed {
    /** Flushes what was written to the socket since its last flush, if anything still is. */
    void flushOwed();
  }

  private static final FastThreadLocal<LoopFlushes> CURRENT =
      new FastThreadLocal<>() {
        @Override
        protected LoopFlushes initialValue() {
          return new LoopFlushes();
        }
      };

  private List<Owed> owed = new ArrayList<>();
  private List<Owed> spare = new ArrayList<>();
  private final Runnable flushAll = this::flushAll;

  private LoopFlushes() {}

  /** Returns the calling event loop's instance. */
  static LoopFlushes of() {
    return CURRENT.get();
  }

  /**
   * Remembers that {@code socket} owes a flush, scheduling the loop's flush task if it is the
   * first; the caller makes sure each socket is added at most once until it is flushed.
   *
   * @return false if the loop refused the task (it is shutting down): the caller flushes now
   */
  boolean add(EventLoop loop, Owed socket) {
    owed.add(socket);
    if (owed.size() == 1) {
      try {
        loop.execute(flushAll);
      } catch (RejectedExecutionException e) {
        owed.clear();
        return false;
      }
    }
    return true;
  }

  private void flushAll() {
    // Swap lists first: a flush can run handlers that owe new flushes; they go to the next task.
    List<Owed> now = owed;
    owed = spare;
    spare = now;
    try {
      for (int i = 0; i < now.size(); i++) {
        try {
          now.get(i).flushOwed();
        } catch (RuntimeException e) {
          // one socket's failure must not keep the others' frames back
          log.warn("flush failed", e);
        }
      }
    } finally {
      now.clear();
    }
  }
}
