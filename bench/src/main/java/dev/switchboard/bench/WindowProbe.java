package dev.switchboard.bench;

/**
 * Reads the server's memory before the sockets open and after, and its CPU time at the edges of
 * the measured window, for a load run in this process. Without a probe it records nothing. An
 * optional second probe (the Redis server behind a Redis channel layer) has its CPU time read at
 * the same edges.
 */
final class WindowProbe implements ClientRun.Hooks {
  /** Time for the server to finish handshake work before its memory is read. */
  static final long SETTLE_MILLIS = 1000;

  private final ServerProbe probe;
  private final ServerProbe redis;
  private final boolean idle;
  private Long rssBefore;
  private Long rssAfter;
  private double cpuStart;
  private Double cpu;
  private double redisCpuStart;
  private Double redisCpu;

  WindowProbe(ServerProbe probe, boolean idle) {
    this(probe, null, idle);
  }

  WindowProbe(ServerProbe probe, ServerProbe redis, boolean idle) {
    this.probe = probe;
    this.redis = redis;
    this.idle = idle;
  }

  @Override
  public void beforeConnect() throws Exception {
    if (probe != null) {
      rssBefore = probe.rssKib();
    }
  }

  @Override
  public void connected(int ok, int failed) throws Exception {
    if (probe != null && idle) {
      Thread.sleep(SETTLE_MILLIS);
      rssAfter = probe.rssKib();
    }
  }

  @Override
  public void windowStart() throws Exception {
    if (redis != null) {
      redisCpuStart = redis.cpuSeconds();
    }
    if (probe != null) {
      cpuStart = probe.cpuSeconds();
    }
  }

  @Override
  public void windowEnd() throws Exception {
    if (redis != null) {
      redisCpu = redis.cpuSeconds() - redisCpuStart;
    }
    if (probe != null) {
      cpu = probe.cpuSeconds() - cpuStart;
      if (!idle) {
        rssAfter = probe.rssKib();
      }
    }
  }

  /** Returns the Redis server's CPU seconds in the window, or null without a Redis probe. */
  Double redisCpuSeconds() {
    return redisCpu;
  }

  /** Returns what was read. */
  Report.Server result() {
    return new Report.Server(cpu, rssBefore, rssAfter);
  }
}
