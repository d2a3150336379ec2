package dev.switchboard.bench;

/**
 * Reads the server's memory before the sockets open and at the end of the measured window (in
 * idle mode, the end of the hold), and its CPU time at the edges of the window, for a load run in
 * this process. Without a probe it records nothing. An optional second probe (the Redis server
 * behind a Redis channel layer) has its CPU time read at the same edges.
 */
final class WindowProbe implements ClientRun.Hooks {
  private final ServerProbe probe;
  private final ServerProbe redis;
  private Long rssBefore;
  private Long rssAfter;
  private ServerProbe.CpuTimes cpuStart;
  private ServerProbe.CpuTimes cpu;
  private double redisCpuStart;
  private Double redisCpu;

  WindowProbe(ServerProbe probe) {
    this(probe, null);
  }

  WindowProbe(ServerProbe probe, ServerProbe redis) {
    this.probe = probe;
    this.redis = redis;
  }

  @Override
  public void beforeConnect() throws Exception {
    if (probe != null) {
      rssBefore = probe.rssKib();
    }
  }

  @Override
  public void connected(int ok, int failed) {}

  @Override
  public void windowStart() throws Exception {
    if (redis != null) {
      redisCpuStart = redis.cpuSeconds();
    }
    if (probe != null) {
      cpuStart = probe.cpuTimes();
    }
  }

  @Override
  public void windowEnd() throws Exception {
    if (redis != null) {
      redisCpu = redis.cpuSeconds() - redisCpuStart;
    }
    if (probe != null) {
      cpu = probe.cpuTimes().since(cpuStart);
      // Idle: at the end of the hold, so the reading is of sockets in their steady state (past
      // a heartbeat round), not of the connection storm's leftovers.
      rssAfter = probe.rssKib();
    }
  }

  /** Returns the Redis server's CPU seconds in the window, or null without a Redis probe. */
  Double redisCpuSeconds() {
    return redisCpu;
  }

  /** Returns what was read. */
  Report.Server result() {
    return cpu == null
        ? new Report.Server(null, null, rssBefore, rssAfter)
        : new Report.Server(cpu.total(), cpu.user(), rssBefore, rssAfter);
  }
}
