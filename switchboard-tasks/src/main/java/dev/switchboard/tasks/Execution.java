package dev.switchboard.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Delivery;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery on a {@link Worker}, from decoding to acknowledgement, on its own virtual thread.
 *
 * <p>Two races are settled by compare-and-set: {@code phase} decides between starting the task
 * and a warm shutdown handing it back while it waits; {@code finished} decides between the task's
 * own completion and an abandonment (hard time limit, revoke, shutdown timeout). Whoever wins
 * settles the delivery and frees the slot; the loser does nothing more.
 */
final class Execution implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Execution.class);
  static final int WAITING = 0;
  static final int RUNNING = 1;
  static final int CANCELLED = 2;

  private final Worker worker;
  private final TaskApp app;
  private final Delivery delivery;
  private final AtomicInteger phase = new AtomicInteger(WAITING);
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile @Nullable Thread thread;
  private volatile boolean softLimitHit;
  private volatile boolean revokedWhileRunning;
  private @Nullable TaskMessage message;
  private @Nullable TaskResult record;

  Execution(Worker worker, Delivery delivery) {
    this.worker = worker;
    this.app = worker.app();
    this.delivery = delivery;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      execute();
    } catch (RuntimeException e) {
      IllegalArgumentException invalid = invalidContent(e);
      if (invalid == null) {
        giveBack(e);
        return;
      }
      // The message's own content is what cannot be handled (a chain link with an invalid id, a
      // follow-up too large): running it again would fail the same way, forever.
      TaskMessage m = message;
      deadLetter("could not send what follows task "
          + (m == null ? delivery.deliveryId() : m.label()) + ": " + invalid.getMessage());
    } catch (Error e) {
      giveBack(e);
    } finally {
      worker.executionEnded(this);
    }
  }

  /** The backend or broker failed mid-way: gives the message back. */
  private void giveBack(Throwable e) {
    log.error("worker[{}] {} failed outside the task; returned to the queue", worker.id(),
        delivery, e);
    worker.settle(delivery, delivery.reject(true));
  }

  private void execute() {
    TaskMessage m;
    try {
      m = app.codec().decode(delivery.body());
    } catch (IllegalArgumentException e) {
      deadLetter(e.getMessage());
      return;
    }
    message = m;
    Task<?, ?> task = app.lookup(m.name());
    if (task == null) {
      String reason = "unknown task name '" + m.name() + "'";
      failEarly(m, TaskState.FAILURE, TaskFailure.of(NotRegistered.class.getName(), reason));
      deadLetter(reason);
      return;
    }
    app.events().received(m.id(), m.name());
    if (worker.isRevoked(m.id())) {
      finishEarly(m, "revoked");
      return;
    }
    if (m.expires() > 0 && System.currentTimeMillis() > m.expires()) {
      finishEarly(m, "expired before it started");
      return;
    }
    try {
      TokenBucket bucket = worker.bucket(task);
      if (bucket != null) {
        bucket.acquire();
      }
      worker.slots().acquire();
    } catch (InterruptedException e) {
      if (phase.compareAndSet(WAITING, CANCELLED)) {
        worker.settle(delivery, delivery.reject(true));
      }
      return;
    }
    if (!phase.compareAndSet(WAITING, RUNNING)) {
      worker.slots().release(); // a warm shutdown already gave the message back
      return;
    }
    try {
      runTask(m, task);
    } catch (RuntimeException | Error e) {
      if (finished.compareAndSet(false, true)) {
        worker.slots().release(); // failed before an outcome took the slot over
      }
      throw e;
    } finally {
      worker.running().remove(m.id(), this);
    }
  }

  private void runTask(TaskMessage m, Task<?, ?> task) {
    TaskResult started =
        TaskResult.of(m.id(), m.name(), TaskState.PENDING)
            .started(worker.id(), m.retries(), m.sent(), TaskApp.nowMicros());
    if (!app.backend().store(started).join().stored()) {
      // Finished (or revoked) before: a redelivery. Redo its follow-ups, do not run it again.
      TaskResult stored = app.backend().get(m.id()).join();
      if (stored != null) {
        Followups.recover(app, m, stored);
      }
      if (finished.compareAndSet(false, true)) {
        worker.slots().release();
        worker.settle(delivery, delivery.ack());
      }
      return;
    }
    record = started;
    worker.running().put(m.id(), this);
    app.events().started(m.id(), m.name());
    if (worker.isRevoked(m.id())) {
      abandon(TaskState.REVOKED, TaskFailure.of(TaskRevokedException.class.getName(), "revoked"),
          false);
    }
    TaskOptions options = task.options();
    ScheduledFuture<?> soft = null;
    ScheduledFuture<?> hard = null;
    Thread self = Thread.currentThread();
    if (options.softTimeLimit() != null) {
      soft = worker.timer().schedule(() -> {
        softLimitHit = true;
        self.interrupt();
      }, options.softTimeLimit().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (options.hardTimeLimit() != null) {
      Runnable expire = () -> abandon(TaskState.FAILURE, TaskFailure.of(
          TimeLimitExceeded.class.getName(),
          "task " + m.label() + " exceeded its hard time limit of " + options.hardTimeLimit()),
          false);
      hard = worker.timer().schedule(expire, options.hardTimeLimit().toNanos(),
          TimeUnit.NANOSECONDS);
    }
    Object value = null;
    Throwable error = null;
    try {
      value = invoke(task, m);
    } catch (Throwable t) {
      error = t;
    } finally {
      if (soft != null) {
        soft.cancel(false);
      }
      if (hard != null) {
        hard.cancel(false);
      }
    }
    Thread.interrupted(); // a late soft-limit interrupt must not disturb the bookkeeping
    if (!finished.compareAndSet(false, true)) {
      return; // abandoned: its outcome was recorded by whoever abandoned it
    }
    try {
      TaskResult latest = record == null ? started : record; // keeps the last progress metadata
      new Outcome(worker, app, delivery, m, latest, task.options()).complete(value, error,
          softLimitHit);
    } finally {
      worker.slots().release();
    }
  }

  @SuppressWarnings("unchecked")
  private Object invoke(Task<?, ?> task, TaskMessage m) throws Exception {
    Task<Object, Object> t = (Task<Object, Object>) task;
    Object args = app.codec().fromTree(m.args(), t.argsType());
    return t.body().run(new TaskContext(app, m, worker.id(), this), args);
  }

  /**
   * Ends a running task from outside (hard limit, revoke, shutdown): records the outcome or hands
   * the message back, frees the slot and interrupts the task's thread.
   */
  void abandon(TaskState state, @Nullable TaskFailure why, boolean requeue) {
    TaskMessage m = message;
    TaskResult r = record;
    if (m == null || r == null || !finished.compareAndSet(false, true)) {
      return;
    }
    if (state == TaskState.REVOKED) {
      revokedWhileRunning = true;
    }
    Thread t = thread;
    Thread.ofVirtual().name("sb-abandon-" + m.id()).start(() -> {
      try {
        if (requeue) {
          worker.settle(delivery, delivery.reject(true));
        } else {
          Outcome.recordEnd(app, m, r, state, why);
          worker.settle(delivery, delivery.ack());
        }
      } catch (RuntimeException e) {
        log.error("worker[{}] could not record the end of {}", worker.id(), m.label(), e);
        worker.settle(delivery, delivery.reject(true));
      } finally {
        worker.slots().release();
      }
    });
    if (t != null) {
      t.interrupt();
    }
    log.warn("worker[{}] task {} abandoned: {}", worker.id(), m.label(),
        requeue ? "returned to the queue by shutdown" : state + " " + why);
  }

  /** Hands the delivery back if the task is still waiting to start; for warm shutdown. */
  boolean cancelIfWaiting() {
    if (phase.compareAndSet(WAITING, CANCELLED)) {
      worker.settle(delivery, delivery.reject(true));
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
      return true;
    }
    return false;
  }

  void progress(@Nullable JsonNode meta) {
    TaskMessage m = message;
    TaskResult r = record;
    if (m == null || r == null) {
      throw new IllegalStateException("progress reported outside a running task");
    }
    TaskResult p = r.withMeta(TaskState.PROGRESS, meta);
    if (app.backend().store(p).join().stored()) {
      record = p;
      app.events().progress(m.id(), m.name(), meta);
    }
  }

  private void finishEarly(TaskMessage m, String reason) {
    failEarly(m, TaskState.REVOKED, TaskFailure.of(TaskRevokedException.class.getName(), reason));
    phase.set(CANCELLED);
    worker.settle(delivery, delivery.ack());
  }

  private void failEarly(TaskMessage m, TaskState state, TaskFailure why) {
    Outcome.recordEnd(app, m, TaskResult.of(m.id(), m.name(), TaskState.PENDING), state, why);
  }

  /** Returns the IllegalArgumentException behind {@code e}, if that is what it is. */
  private static @Nullable IllegalArgumentException invalidContent(RuntimeException e) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause() : e;
    return t instanceof IllegalArgumentException iae ? iae : null;
  }

  private void deadLetter(String reason) {
    log.warn("worker[{}] {} dead-lettered: {}", worker.id(), delivery, reason);
    phase.set(CANCELLED);
    worker.settle(delivery, delivery.deadLetter(reason));
  }

  Delivery delivery() {
    return delivery;
  }

  boolean redelivered() {
    return delivery.redelivered();
  }

  boolean softLimitHit() {
    return softLimitHit;
  }

  boolean revokedWhileRunning() {
    return revokedWhileRunning;
  }
}
