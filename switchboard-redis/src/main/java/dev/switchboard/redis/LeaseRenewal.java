package dev.switchboard.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this process's group leases every third of the lease: drops local memberships that
 * lapsed (withdrawing the lease of groups left without local members), then renews the lease of
 * every group that still has local members, one script per shard. A process that dies stops
 * renewing, so its leases lapse and other processes stop publishing to it.
 *
 * <p>Runs on one daemon platform thread per layer and only issues asynchronous commands.
 */
final class LeaseRenewal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseRenewal.class);

  private final String id;
  private final LocalGroups groups;
  private final LayerCommands redis;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  LeaseRenewal(String id, LocalGroups groups, LayerCommands redis, Duration every) {
    this.id = id;
    this.groups = groups;
    this.redis = redis;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("switchboard-redis-" + id + "-heartbeat").factory());
    long millis = every.toMillis();
    timer.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      groups.sweep(System.nanoTime(), redis::withdraw);
      redis
          .announceAll(groups.groups())
          .whenComplete(
              (v, e) -> {
                if (e != null && !failing) {
                  failing = true;
                  log.warn("layer[{}] renewing group leases failed (retrying every beat): {}", id, e.toString());
                } else if (e == null && failing) {
                  failing = false;
                  log.info("layer[{}] group leases renewed again", id);
                }
              });
    } catch (RuntimeException e) {
      // a failing beat must not cancel the schedule
      log.warn("layer[{}] heartbeat failed: {}", id, e.toString(), e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
