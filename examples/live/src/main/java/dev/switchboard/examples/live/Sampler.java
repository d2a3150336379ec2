package dev.switchboard.examples.live;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's own news, published on a schedule as the pattern's server does: every interval,
 * this JVM's CPU load and heap in use, as {@code {"id": "metric", "source", "cpu", "heapMb",
 * "time"}} to everyone. The page draws them as a live chart.
 */
public final class Sampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sampler.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("live-sampler").factory());
  private final Publisher publisher;
  private final String source;
  private final com.sun.management.OperatingSystemMXBean os;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

  private Sampler(Publisher publisher, String source) {
    this.publisher = publisher;
    this.source = source;
    this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  }

  /** Starts publishing every {@code interval}, naming this process {@code source}. */
  public static Sampler start(Publisher publisher, String source, Duration interval) {
    Sampler s = new Sampler(publisher, source);
    s.timer.scheduleAtFixedRate(s::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return s;
  }

  private void sample() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "metric");
    m.put("source", source);
    m.put("cpu", Math.round(Math.max(0, os.getProcessCpuLoad()) * 1000) / 10.0);
    m.put("heapMb", memory.getHeapMemoryUsage().getUsed() / (1024 * 1024));
    m.put("time", System.currentTimeMillis());
    publisher.toEveryone(m).whenComplete((ok, e) -> {
      if (e != null) {
        log.warn("live sampler: not published: {}", e.toString());
      }
    });
  }

  /** Stops publishing. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
