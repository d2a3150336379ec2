package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of a {@link TaskApp} from its broker: each delivery on its own virtual thread,
 * at most {@code concurrency} running at once, at most {@code prefetch} held from the broker.
 *
 * <pre>{@code
 * Worker worker = Worker.builder(app).concurrency(8).queues("default", "images").build().start();
 * Runtime.getRuntime().addShutdownHook(new Thread(() -> worker.shutdown(Duration.ofSeconds(30))));
 * }</pre>
 *
 * <ul>
 *   <li>At-least-once: a message is acknowledged only after its outcome is stored; if the worker
 *       dies first, the broker redelivers it once the lease lapses. While a task runs, the worker
 *       renews its lease every third of the broker's lease, so a long task is never taken over.
 *   <li>A redelivered task that already reached a terminal state is not run again.
 *   <li>Time limits: the soft limit interrupts the task's thread; the hard limit records FAILURE
 *       ({@link TimeLimitExceeded}), acknowledges, frees the slot and interrupts the thread, whose
 *       later outcome is ignored.
 *   <li>Revocations are read from the broker at start and followed live; a revoked task is
 *       skipped (REVOKED), a running one is interrupted and recorded REVOKED.
 *   <li>Heartbeats with the worker's id, host, pid, queues and load go to the broker with a TTL
 *       of three intervals, listed by {@link Control#workers()}.
 *   <li>{@link #shutdown(Duration)} is the warm shutdown: stop fetching, give back what has not
 *       started, let running tasks finish within the timeout, give back the rest.
 * </ul>
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  private final TaskApp app;
  private final String id;
  private final int concurrency;
  private final int prefetch;
  private final List<String> queues;
  private final Duration heartbeat;
  private final Semaphore slots;
  private final ScheduledExecutorService timer;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Execution> running = new ConcurrentHashMap<>();
  private final Set<Execution> executions = ConcurrentHashMap.newKeySet();
  private final Set<Delivery> held = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> revoked = new ConcurrentHashMap<>();
  private final AtomicLong processed = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  private volatile @Nullable Consumption consumption;
  private volatile @Nullable AutoCloseable revokeWatch;
  private volatile boolean started;
  private volatile boolean stopping;

  Worker(WorkerBuilder b) {
    this.app = b.app;
    this.id = b.id != null ? b.id : WorkerIdentity.newId();
    this.concurrency = b.concurrency;
    this.prefetch = Math.max(b.prefetch > 0 ? b.prefetch : 2 * b.concurrency, b.concurrency);
    this.queues = b.queues.isEmpty() ? List.of(app.defaultQueue()) : List.copyOf(b.queues);
    this.heartbeat = b.heartbeat;
    this.slots = new Semaphore(concurrency);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sb-worker-timer-" + id);
      t.setDaemon(true);
      return t;
    });
  }

  /** Returns a builder for a worker of {@code app}. */
  public static WorkerBuilder builder(TaskApp app) {
    return new WorkerBuilder(app);
  }

  /**
   * Starts consuming: loads revocations, starts heartbeats and lease renewal, then fetches.
   *
   * @return this worker
   * @throws IllegalStateException if already started
   */
  public Worker start() {
    if (started) {
      throw new IllegalStateException("worker " + id + " already started");
    }
    started = true;
    revokeWatch = app.broker().watchRevoked(this::onRevoked);
    long renew = Math.max(1, app.broker().lease().toMillis() / 3);
    timer.scheduleAtFixedRate(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    timer.scheduleAtFixedRate(this::beat, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    consumption = app.broker().consume(id, queues, prefetch, this::onDelivery);
    log.info("worker[{}] consuming {} with concurrency {}, prefetch {}", id, queues, concurrency,
        prefetch);
    return this;
  }

  private void onDelivery(Delivery d) {
    held.add(d);
    Execution e = new Execution(this, d);
    executions.add(e);
    if (stopping) {
      e.cancelIfWaiting();
      executions.remove(e);
      return;
    }
    Thread.ofVirtual().name("sb-task-", 0).start(e);
  }

  private void onRevoked(String taskId) {
    revoked.put(taskId, System.currentTimeMillis());
    Execution e = running.get(taskId);
    if (e != null) {
      e.abandon(TaskState.REVOKED,
          TaskFailure.of(TaskRevokedException.class.getName(), "revoked while running"), false);
    }
  }

  private void renewLeases() {
    if (!held.isEmpty()) {
      app.broker().extendLeases(List.copyOf(held)).whenComplete((v, e) -> {
        if (e != null) {
          log.warn("worker[{}] lease renewal failed: {}", id, e.toString());
        }
      });
    }
  }

  private void beat() {
    try {
      app.broker().heartbeat(info(), heartbeat.multipliedBy(3));
      long horizon = System.currentTimeMillis() - app.backend().ttl().toMillis();
      revoked.values().removeIf(t -> t < horizon);
    } catch (RuntimeException e) {
      log.warn("worker[{}] heartbeat failed: {}", id, e.toString());
    }
  }

  /** Returns this worker's heartbeat as it would be sent now. */
  public WorkerInfo info() {
    return new WorkerInfo(id, WorkerIdentity.hostname(), ProcessHandle.current().pid(), queues,
        concurrency, running.size(), processed.get(), System.currentTimeMillis());
  }

  /**
   * Warm shutdown: stops fetching, gives back deliveries that have not started, waits up to
   * {@code timeout} for running tasks, then gives back (requeues) those still running and
   * interrupts them. Idempotent.
   *
   * @return true if every running task finished within the timeout
   */
  public boolean shutdown(Duration timeout) {
    if (!started || stopping) {
      return held.isEmpty();
    }
    stopping = true;
    Consumption c = consumption;
    if (c != null) {
      c.close();
    }
    executions.forEach(Execution::cancelIfWaiting);
    boolean clean = awaitDrained(timeout);
    if (!clean) {
      for (Execution e : List.copyOf(running.values())) {
        e.abandon(TaskState.RECEIVED, null, true);
      }
      awaitDrained(Duration.ofSeconds(5));
    }
    AutoCloseable w = revokeWatch;
    try {
      if (w != null) {
        w.close();
      }
    } catch (Exception e) {
      log.debug("worker[{}] revoke watch close failed: {}", id, e.toString());
    }
    timer.shutdownNow();
    app.broker().forgetWorker(id);
    log.info("worker[{}] stopped ({} processed, {})", id, processed.get(),
        clean ? "all running tasks finished" : "unfinished tasks returned to the queue");
    return clean;
  }

  /** Shuts down with a 30-second timeout. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(30));
  }

  private boolean awaitDrained(Duration timeout) {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (!held.isEmpty()) {
        if (left <= 0) {
          return false;
        }
        left = drained.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return held.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Records that a delivery was settled; wakes a waiting shutdown when none is left. */
  void settle(Delivery d, CompletableFuture<Void> settling) {
    settling.whenComplete((v, e) -> {
      if (e != null) {
        log.warn("worker[{}] settling {} failed: {}", id, d, e.toString());
      }
    });
    held.remove(d);
    if (held.isEmpty() && stopping) {
      lock.lock();
      try {
        drained.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Acknowledges a delivery whose outcome is stored and counts it. */
  void finished(Delivery d) {
    processed.incrementAndGet();
    settle(d, d.ack());
  }

  void executionEnded(Execution e) {
    executions.remove(e);
  }

  @Nullable TokenBucket bucket(Task<?, ?> task) {
    RateLimit limit = task.options().rateLimit();
    return limit == null ? null : buckets.computeIfAbsent(task.name(), n -> new TokenBucket(limit));
  }

  boolean isRevoked(String taskId) {
    return revoked.containsKey(taskId);
  }

  TaskApp app() {
    return app;
  }

  Semaphore slots() {
    return slots;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  Map<String, Execution> running() {
    return running;
  }

  /** Returns the worker id ({@code host-pid-random} unless set). */
  public String id() {
    return id;
  }

  /** Returns how many tasks are running now. */
  public int active() {
    return running.size();
  }

  /** Returns how many tasks finished (success, retry or failure) since start. */
  public long processed() {
    return processed.get();
  }

  /** Returns how many deliveries this worker holds (running or waiting to run). */
  public int held() {
    return held.size();
  }
}
