package dev.switchboard.redis.tasks;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batches acknowledgements: acks queue up while a flush is being written, and the next flush
 * sends them as one XACK and one XDEL per stream. Under light load every ack is flushed at once
 * (no timer, no added latency); under heavy load batches grow by themselves.
 *
 * <p>Acknowledged entries are deleted from the stream, so streams hold only messages that wait
 * or run.
 */
final class AckBatcher {
  private static final int MAX_BATCH = 2_000;

  private record Pending(String stream, String id, CompletableFuture<Void> done) {}

  private final RedisAsyncCommands<String, String> redis;
  private final Executor executor;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  AckBatcher(RedisAsyncCommands<String, String> redis, Executor executor) {
    this.redis = redis;
    this.executor = executor;
  }

  CompletableFuture<Void> ack(String stream, String id) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Pending(stream, id, done));
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::flush);
    }
    return done;
  }

  private void flush() {
    while (true) {
      Map<String, List<Pending>> byStream = new LinkedHashMap<>();
      Pending p;
      int n = 0;
      while (n < MAX_BATCH && (p = queue.poll()) != null) {
        byStream.computeIfAbsent(p.stream(), s -> new ArrayList<>()).add(p);
        n++;
      }
      byStream.forEach(this::send);
      if (n == MAX_BATCH) {
        continue;
      }
      scheduled.set(false);
      if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  private void send(String stream, List<Pending> batch) {
    String[] ids = new String[batch.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = batch.get(i).id();
    }
    redis.xack(stream, RedisKeys.GROUP, ids);
    redis.xdel(stream, ids).whenComplete((v, e) -> {
      for (Pending q : batch) {
        if (e == null) {
          q.done().complete(null);
        } else {
          q.done().completeExceptionally(e);
        }
      }
    });
  }
}
