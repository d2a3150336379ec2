package dev.switchboard.cli;

import dev.switchboard.Nullable;
import dev.switchboard.amqp.AmqpBroker;
import dev.switchboard.redis.tasks.RedisBroker;
import dev.switchboard.redis.tasks.RedisResultBackend;
import dev.switchboard.tasks.AsyncResult;
import dev.switchboard.tasks.Task;
import dev.switchboard.tasks.TaskApp;
import dev.switchboard.tasks.TaskResult;
import dev.switchboard.tasks.TaskState;
import dev.switchboard.tasks.Worker;
import dev.switchboard.tasks.memory.InMemoryBroker;
import dev.switchboard.tasks.memory.InMemoryResultBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The task-queue benchmark: a producer app and a worker app on separate connections with one
 * key prefix per run, a no-op task, and a completion watcher that records, per task, the send
 * and start times the worker stored and the time its final record was announced.
 */
final class TaskBench implements AutoCloseable {
  private static final String NOOP = "bench.noop";

  private final TaskApp producer;
  private final TaskApp workerApp;
  private final Task<Integer, Integer> noop;
  private final Worker worker;
  private final Map<String, long[]> seen = new ConcurrentHashMap<>();
  private volatile @Nullable CountDownLatch remaining;
  private final @Nullable AutoCloseable watch;
  private @Nullable Runnable cleanup;

  TaskBench(String url, int concurrency, int prefetch) {
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    if (url.startsWith("memory:")) {
      InMemoryBroker broker = new InMemoryBroker();
      InMemoryResultBackend backend = new InMemoryResultBackend(Duration.ofMinutes(10));
      producer = TaskApp.builder().broker(broker).resultBackend(backend).build();
      workerApp = TaskApp.builder().broker(broker).resultBackend(backend).build();
      watch = null;
    } else if (url.startsWith("amqp://") || url.startsWith("amqps://")) {
      // One broker prefix for every run (its delay levels and streams are reused), one task
      // queue per run, deleted at the end; results in the Redis named by the backend parameter.
      String results = backendOf(url);
      String amqp = url + (url.contains("?") ? "&" : "?") + "prefix=sbbench";
      RedisResultBackend watched = RedisResultBackend.create(results, Duration.ofMinutes(10), prefix);
      AmqpBroker broker = AmqpBroker.create(amqp);
      producer = TaskApp.builder().broker(broker).resultBackend(watched).defaultQueue(prefix)
          .build();
      workerApp = TaskApp.builder().broker(AmqpBroker.create(amqp)).defaultQueue(prefix)
          .resultBackend(RedisResultBackend.create(results, Duration.ofMinutes(10), prefix)).build();
      watch = watched.watchReady(this::finished);
      cleanup = () -> broker.deleteQueue(prefix).join();
    } else {
      RedisResultBackend results = RedisResultBackend.create(url, Duration.ofMinutes(10), prefix);
      producer = TaskApp.builder().broker(RedisBroker.create(url, RedisBroker.DEFAULT_LEASE, prefix))
          .resultBackend(results).build();
      workerApp = TaskApp.builder().broker(RedisBroker.create(url, RedisBroker.DEFAULT_LEASE, prefix))
          .resultBackend(RedisResultBackend.create(url, Duration.ofMinutes(10), prefix)).build();
      watch = results.watchReady(this::finished);
    }
    noop = producer.task(NOOP, Integer.class, Integer.class, (ctx, n) -> n);
    workerApp.task(NOOP, Integer.class, Integer.class, (ctx, n) -> n);
    worker = Worker.builder(workerApp).concurrency(concurrency).prefetch(prefetch).build().start();
  }

  private void finished(TaskResult r) {
    long now = micros();
    if (r.state() == TaskState.SUCCESS
        && seen.putIfAbsent(r.id(), new long[] {r.sentMicros(), r.startedMicros(), now}) == null) {
      CountDownLatch l = remaining;
      if (l != null) {
        l.countDown();
      }
    }
  }

  /** Sends {@code n} tasks (at {@code rate} per second, or as fast as possible) and measures. */
  Report run(int n, int rate, int timeoutSeconds) throws Exception {
    seen.clear();
    remaining = new CountDownLatch(n);
    List<AsyncResult<Integer>> sent = new ArrayList<>(n);
    long start = micros();
    if (rate <= 0) {
      List<Integer> batch = new ArrayList<>(1_000);
      for (int i = 0; i < n; i++) {
        batch.add(i);
        if (batch.size() == 1_000 || i == n - 1) {
          sent.addAll(noop.delayAll(batch));
          batch.clear();
        }
      }
    } else {
      long t0 = System.nanoTime();
      int i = 0;
      while (i < n) {
        long due = Math.min(n, (System.nanoTime() - t0) * rate / 1_000_000_000L + 1);
        while (i < due) {
          sent.add(noop.delay(i++));
        }
        LockSupport.parkNanos(Math.max(10_000, 1_000_000_000L / rate / 2));
      }
    }
    if (watch == null) {
      for (AsyncResult<Integer> r : sent) {
        r.future().whenComplete((v, e) -> finished(r.record()));
      }
    }
    remaining.await(timeoutSeconds, TimeUnit.SECONDS);
    // A notification can be missed (pub/sub is at most once): check the stored records.
    int lost = 0;
    for (AsyncResult<Integer> r : sent) {
      if (!seen.containsKey(r.id())) {
        TaskResult rec = r.record();
        if (rec != null && rec.state() == TaskState.SUCCESS) {
          seen.put(r.id(), new long[] {rec.sentMicros(), rec.startedMicros(), rec.doneMicros()});
        } else {
          lost++;
        }
      }
    }
    return Report.of(n, lost, start, seen.values());
  }

  /** Returns the result backend of an AMQP bench URL: its {@code backend} parameter, Redis. */
  private static String backendOf(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]backend=([^&]*)").matcher(url);
    String b = m.find() ? java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8)
        : "";
    if (!b.startsWith("redis://")) {
      throw new IllegalArgumentException("bench tasks on amqp:// needs its results in Redis:"
          + " add ?backend=redis%3A%2F%2F127.0.0.1%3A6379");
    }
    return b;
  }

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  @Override
  public void close() throws Exception {
    if (watch != null) {
      watch.close();
    }
    worker.shutdown(Duration.ofSeconds(10));
    if (cleanup != null) {
      cleanup.run();
    }
    if (workerApp != producer) {
      workerApp.close();
    }
    producer.close();
  }

  /** The figures of one run. */
  record Report(int tasks, double perSecond, double startP50, double startP99, double resultP50,
      double resultP99, int lost) {

    static Report of(int n, int lost, long startMicros, java.util.Collection<long[]> times) {
      long[] start = new long[times.size()];
      long[] result = new long[times.size()];
      long last = startMicros;
      int i = 0;
      for (long[] t : times) {
        start[i] = t[1] - t[0];
        result[i] = t[2] - t[0];
        last = Math.max(last, t[2]);
        i++;
      }
      Arrays.sort(start);
      Arrays.sort(result);
      double seconds = Math.max(1, last - startMicros) / 1e6;
      return new Report(n, times.size() / seconds, pct(start, 50), pct(start, 99),
          pct(result, 50), pct(result, 99), lost);
    }

    private static double pct(long[] sorted, int p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1000.0;
    }

    String json(int concurrency, int rate) {
      return String.format(java.util.Locale.ROOT,
          "{\"tasks\":%d,\"tasks_per_s\":%.0f,\"start_p50_ms\":%.3f,\"start_p99_ms\":%.3f,"
              + "\"result_p50_ms\":%.3f,\"result_p99_ms\":%.3f,\"lost\":%d,\"concurrency\":%d,"
              + "\"rate\":%s}",
          tasks, perSecond, startP50, startP99, resultP50, resultP99, lost, concurrency,
          rate > 0 ? Integer.toString(rate) : "null");
    }
  }
}
