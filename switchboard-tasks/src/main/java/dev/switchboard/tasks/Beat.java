package dev.switchboard.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.memory.InMemoryBeatStore;
import dev.switchboard.tasks.spi.BeatStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic-task scheduler: sends tasks on fixed-rate and cron {@link Schedule}s, those
 * declared with {@link TaskApp#periodic} and those added with {@link Builder#entry}. Safe to run
 * on several nodes at once: they share a {@link BeatStore}, whose lease elects one leader that
 * sends, and each run is claimed by compare-and-set before it is sent, so a scheduled time is
 * sent at most once (exactly once unless the leader dies between the claim and the send).
 *
 * <pre>{@code
 * Beat beat = Beat.builder(app).store(RedisBeatStore.create(uri))
 *     .entry("cleanup", cleanup.s(new CleanupArgs(7)), Schedule.cron("0 3 * * *", ZoneId.of("Europe/Paris")))
 *     .entry("ping", ping.s(0), Schedule.every(Duration.ofSeconds(30)))
 *     .build().start();
 * }</pre>
 *
 * <p>Runs missed while no beat ran are not replayed: the first due time found late runs once,
 * and the schedule continues from there.
 */
public final class Beat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Beat.class);

  private final BeatStore store;
  private final Duration leaseTtl;
  private final Map<String, Entry> entries;
  private final String node;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean closed;
  private volatile boolean leading;
  private @Nullable Thread thread;

  /** One scheduled task. */
  private record Entry(String name, Signature<?> signature, Schedule schedule) {}

  private Beat(Builder b) {
    this.store = b.store == null ? new InMemoryBeatStore() : b.store;
    this.leaseTtl = b.leaseTtl;
    this.entries = Map.copyOf(b.entries);
    this.node = WorkerIdentity.newId();
  }

  /** Returns a builder for a beat of {@code app}. */
  public static Builder builder(TaskApp app) {
    return new Builder(app);
  }

  /** Starts scheduling on a virtual thread. */
  public synchronized Beat start() {
    if (thread != null) {
      throw new IllegalStateException("beat already started");
    }
    thread = Thread.ofVirtual().name("sb-beat-" + node).start(this::loop);
    log.info("beat[{}] started with {} entries", node, entries.size());
    return this;
  }

  private void loop() {
    long renewMillis = Math.max(10, leaseTtl.toMillis() / 3);
    while (!closed) {
      long sleep = renewMillis;
      try {
        boolean lead = store.tryLead(node, leaseTtl).join();
        if (lead != leading) {
          log.info("beat[{}] {} the scheduler lease", node, lead ? "took" : "lost");
          leading = lead;
        }
        if (lead) {
          sleep = Math.min(sleep, tick());
        }
      } catch (RuntimeException e) {
        log.warn("beat[{}] store unavailable: {}", node, e.toString());
      }
      await(Math.max(1, sleep));
    }
  }

  /** Sends every due entry; returns the milliseconds until the next one is due. */
  private long tick() {
    long now = System.currentTimeMillis();
    long soonest = Long.MAX_VALUE;
    for (Entry e : entries.values()) {
      Long last = store.lastRun(e.name()).join();
      long due = last == null
          ? (e.schedule().runsAtStart() ? now : e.schedule().next(Instant.ofEpochMilli(now)).toEpochMilli())
          : e.schedule().next(Instant.ofEpochMilli(last)).toEpochMilli();
      if (last == null && !e.schedule().runsAtStart()) {
        // Record the starting point so the first cron time is kept across leaders.
        store.claimRun(e.name(), null, now).join();
        soonest = Math.min(soonest, due - now);
        continue;
      }
      if (due <= now) {
        long planned = due;
        // Missed runs are not replayed: skip to the latest due time not after now.
        for (int i = 0; i < 100_000; i++) {
          long following = e.schedule().next(Instant.ofEpochMilli(planned)).toEpochMilli();
          if (following > now) {
            break;
          }
          planned = following;
        }
        if (store.claimRun(e.name(), last, planned).join()) {
          e.signature().applyAsync();
          sent.incrementAndGet();
          log.debug("beat[{}] sent {} ({})", node, e.name(), e.schedule());
        }
        due = e.schedule().next(Instant.ofEpochMilli(planned)).toEpochMilli();
      }
      soonest = Math.min(soonest, due - now);
    }
    return soonest;
  }

  private void await(long millis) {
    lock.lock();
    try {
      if (!closed) {
        wake.await(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns whether this beat holds the scheduler lease. */
  public boolean leading() {
    return leading;
  }

  /** Returns how many runs this beat sent. */
  public long sent() {
    return sent.get();
  }

  /**
   * Stops scheduling and gives the lease up, so another node takes over at once. The store is
   * not closed: it belongs to the caller.
   */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    store.resign(node).join();
  }

  /** Builds a {@link Beat}. */
  public static final class Builder {
    private final TaskApp app;
    private @Nullable BeatStore store;
    private Duration leaseTtl = Duration.ofSeconds(10);
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder(TaskApp app) {
      this.app = Objects.requireNonNull(app, "app");
      for (TaskApp.Periodic p : app.periodicTasks()) {
        entry(p.name(), p.signature(), p.schedule());
      }
    }

    /** Sets the shared store (default: an {@link InMemoryBeatStore}, for one process). */
    public Builder store(BeatStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    /** Sets the leader lease (default 10 s); it is renewed every third of it. */
    public Builder leaseTtl(Duration ttl) {
      if (ttl.toMillis() < 30) {
        throw new IllegalArgumentException("leaseTtl must be at least 30 ms: " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /**
     * Adds an entry.
     *
     * @param name unique among the entries; the key of its last run in the store
     * @throws IllegalArgumentException if the name is taken or the signature takes no arguments
     */
    public Builder entry(String name, Signature<?> signature, Schedule schedule) {
      Objects.requireNonNull(name, "name");
      if (signature.args() == null) {
        throw new IllegalArgumentException(
            "beat entry '" + name + "' needs arguments: use task.s(args)");
      }
      if (entries.putIfAbsent(name, new Entry(name, signature, Objects.requireNonNull(schedule)))
          != null) {
        throw new IllegalArgumentException("beat entry name already used: '" + name + "'");
      }
      return this;
    }

    /** Returns the beat, not started. */
    public Beat build() {
      return new Beat(this);
    }
  }

  /** Returns the entry names, for logs and tests. */
  List<String> entryNames() {
    return new ArrayList<>(entries.keySet());
  }
}
