package dev.switchboard.tasks.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.Nullable;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.spi.ChordProgress;
import dev.switchboard.tasks.spi.ResultBackend;
import dev.switchboard.tasks.spi.StoreOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A result backend in this process's memory: for tests, the demo and single-process apps.
 * Records expire {@link #ttl()} after their last write (checked when read, and swept on writes).
 * Waiters are completed by the write itself.
 */
public final class InMemoryResultBackend implements ResultBackend {
  private final Duration ttl;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final Map<String, Chord> chords = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final AtomicLong writes = new AtomicLong();

  /** One task's record and the futures waiting for it to be ready. */
  private static final class Slot {
    @Nullable TaskResult result;
    long expiresAtNanos;
    final List<CompletableFuture<TaskResult>> waiters = new ArrayList<>(1);
  }

  /** One chord's finished members. */
  private static final class Chord {
    final TreeMap<Integer, JsonNode> results = new TreeMap<>();
    boolean dispatched;
    boolean failed;
  }

  /** Creates a backend that keeps records for {@link ResultBackend#DEFAULT_TTL}. */
  public InMemoryResultBackend() {
    this(DEFAULT_TTL);
  }

  /**
   * Creates a backend that keeps records for {@code ttl} after their last write.
   *
   * @throws IllegalArgumentException if {@code ttl} is not positive
   */
  public InMemoryResultBackend(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    this.ttl = ttl;
  }

  @Override
  public CompletableFuture<StoreOutcome> store(TaskResult result) {
    Objects.requireNonNull(result, "result");
    checkOpen();
    StoreOutcome[] outcome = new StoreOutcome[1];
    List<CompletableFuture<TaskResult>> wake = new ArrayList<>(0);
    long now = System.nanoTime();
    slots.compute(
        result.id(),
        (id, slot) -> {
          Slot s = slot == null ? new Slot() : slot;
          TaskResult current = live(s, now);
          TaskState previous = current == null ? TaskState.PENDING : current.state();
          if (!previous.canTransitionTo(result.state())) {
            outcome[0] = new StoreOutcome(false, previous);
            return s;
          }
          s.result = result;
          s.expiresAtNanos = now + ttl.toNanos();
          if (result.state().isReady()) {
            wake.addAll(s.waiters);
            s.waiters.clear();
          }
          outcome[0] = new StoreOutcome(true, previous);
          return s;
        });
    for (CompletableFuture<TaskResult> w : wake) {
      w.complete(result);
    }
    if ((writes.incrementAndGet() & 0x3FFF) == 0) {
      sweep(now);
    }
    return CompletableFuture.completedFuture(outcome[0]);
  }

  @Override
  public CompletableFuture<@Nullable TaskResult> get(String id) {
    TaskResult[] found = new TaskResult[1];
    long now = System.nanoTime();
    // Every access to a slot goes through the map's per-key lock.
    slots.computeIfPresent(
        Objects.requireNonNull(id, "id"),
        (k, s) -> {
          found[0] = live(s, now);
          return s;
        });
    return CompletableFuture.completedFuture(found[0]);
  }

  @Override
  public CompletableFuture<TaskResult> awaitReady(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    CompletableFuture<TaskResult> future = new CompletableFuture<>();
    TaskResult[] ready = new TaskResult[1];
    slots.compute(
        id,
        (k, slot) -> {
          Slot s = slot == null ? new Slot() : slot;
          TaskResult current = live(s, System.nanoTime());
          if (current != null && current.state().isReady()) {
            ready[0] = current;
          } else {
            s.waiters.add(future);
            if (s.result == null) {
              s.expiresAtNanos = System.nanoTime() + ttl.toNanos();
            }
          }
          return s;
        });
    if (ready[0] != null) {
      future.complete(ready[0]);
    } else {
      // A cancelled or timed-out wait must not keep its future in the slot.
      future.whenComplete(
          (r, e) -> {
            if (e != null) {
              slots.computeIfPresent(id, (k, s) -> {
                s.waiters.remove(future);
                return s.result == null && s.waiters.isEmpty() ? null : s;
              });
            }
          });
    }
    return future;
  }

  @Override
  public CompletableFuture<ChordProgress> chordPartDone(
      String chordId, int index, int size, @Nullable JsonNode result) {
    Chord c = chords.computeIfAbsent(chordId, k -> new Chord());
    synchronized (c) {
      c.results.putIfAbsent(index, result == null ? NullNode.getInstance() : result);
      int done = c.results.size();
      if (done < size || c.dispatched || c.failed) {
        return CompletableFuture.completedFuture(new ChordProgress(done, size, null));
      }
      ArrayNode all = JsonNodeFactory.instance.arrayNode(size);
      c.results.values().forEach(all::add);
      return CompletableFuture.completedFuture(new ChordProgress(done, size, all));
    }
  }

  @Override
  public CompletableFuture<Void> chordDispatched(String chordId) {
    Chord c = chords.computeIfAbsent(chordId, k -> new Chord());
    synchronized (c) {
      c.dispatched = true;
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Boolean> chordFailed(String chordId) {
    Chord c = chords.computeIfAbsent(chordId, k -> new Chord());
    synchronized (c) {
      boolean first = !c.failed;
      c.failed = true;
      return CompletableFuture.completedFuture(first);
    }
  }

  @Override
  public CompletableFuture<Void> forget(String id) {
    // The record goes; its waiters stay, as with a deleted key on a shared server.
    slots.computeIfPresent(id, (k, s) -> {
      s.result = null;
      return s.waiters.isEmpty() ? null : s;
    });
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  @Override
  public void close() {
    closed = true;
    List<CompletableFuture<TaskResult>> waiting = new ArrayList<>();
    for (String id : slots.keySet()) {
      slots.computeIfPresent(
          id,
          (k, s) -> {
            waiting.addAll(s.waiters);
            s.waiters.clear();
            return s;
          });
    }
    waiting.forEach(
        w -> w.completeExceptionally(new IllegalStateException("result backend closed")));
  }

  private static @Nullable TaskResult live(Slot s, long now) {
    if (s.result != null && now - s.expiresAtNanos > 0) {
      s.result = null;
    }
    return s.result;
  }

  private void sweep(long now) {
    for (String id : slots.keySet()) {
      slots.computeIfPresent(
          id, (k, s) -> s.waiters.isEmpty() && now - s.expiresAtNanos > 0 ? null : s);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("result backend closed");
    }
  }
}
