package dev.switchboard.tasks.memory;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.spi.BeatStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A {@link BeatStore} in this process's memory: for the demo and for several beats in one JVM. */
public final class InMemoryBeatStore implements BeatStore {
  private final Map<String, Long> lastRuns = new HashMap<>();
  private @Nullable String leader;
  private long leaseEndsNanos;

  /** Creates an empty store. */
  public InMemoryBeatStore() {}

  @Override
  public synchronized CompletableFuture<Boolean> tryLead(String node, Duration ttl) {
    long now = System.nanoTime();
    if (leader == null || leader.equals(node) || now - leaseEndsNanos > 0) {
      leader = node;
      leaseEndsNanos = now + ttl.toNanos();
      return CompletableFuture.completedFuture(true);
    }
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public synchronized CompletableFuture<Void> resign(String node) {
    if (node.equals(leader)) {
      leader = null;
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<@Nullable Long> lastRun(String name) {
    return CompletableFuture.completedFuture(lastRuns.get(name));
  }

  @Override
  public synchronized CompletableFuture<Boolean> claimRun(
      String name, @Nullable Long expected, long next) {
    if (!Objects.equals(lastRuns.get(name), expected)) {
      return CompletableFuture.completedFuture(false);
    }
    lastRuns.put(name, next);
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public void close() {}
}
