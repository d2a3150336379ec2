package dev.switchboard.tasks.spi;

import dev.switchboard.Nullable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Shared state of the periodic-task scheduler ({@code Beat}) when it runs on several nodes: a
 * leadership lease, so one node schedules at a time, and each entry's last run, claimed by
 * compare-and-set, so a run is sent at most once even while leadership changes hands.
 * Implementations: {@code InMemoryBeatStore} (one process) and {@code RedisBeatStore}.
 */
public interface BeatStore extends AutoCloseable {
  /**
   * Takes the leadership lease for {@code node} if it is free or already {@code node}'s, and
   * (re)sets its expiry to {@code ttl} from now.
   *
   * @return whether {@code node} holds the lease now
   */
  CompletableFuture<Boolean> tryLead(String node, Duration ttl);

  /** Gives the lease up if {@code node} holds it. */
  CompletableFuture<Void> resign(String node);

  /** Returns when entry {@code name} last ran (epoch ms, the scheduled time), or null. */
  CompletableFuture<@Nullable Long> lastRun(String name);

  /**
   * Records run {@code next} of entry {@code name} if its last run is still {@code expected}.
   *
   * @return true for the one caller that must send the run
   */
  CompletableFuture<Boolean> claimRun(String name, @Nullable Long expected, long next);

  /** Releases resources. */
  @Override
  void close();
}
