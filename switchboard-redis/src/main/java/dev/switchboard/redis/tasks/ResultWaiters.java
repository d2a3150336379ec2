package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.TaskResult;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiters for task results on one pub/sub connection: the first waiter of a task subscribes to
 * its {@code <p>:done:<id>} channel, then reads the stored record (closing the race with a write
 * that came first); the store script publishes the final record on that channel, which completes
 * every waiter and unsubscribes. Subscribe and unsubscribe commands for one id are issued under
 * that id's map lock, so they reach Redis in order.
 */
final class ResultWaiters {
  private static final Logger log = LoggerFactory.getLogger(ResultWaiters.class);

  private final RedisKeys keys;
  private final Function<String, TaskResult> decode;
  private final Function<String, CompletableFuture<TaskResult>> read;
  private final StatefulRedisPubSubConnection<String, String> connection;
  private final RedisPubSubAsyncCommands<String, String> pubsub;
  private final Map<String, List<CompletableFuture<TaskResult>>> waiting = new ConcurrentHashMap<>();
  private final List<Consumer<TaskResult>> watchers = new CopyOnWriteArrayList<>();
  private boolean patternSubscribed;

  ResultWaiters(
      RedisClient client, RedisKeys keys, Function<String, TaskResult> decode,
      Function<String, CompletableFuture<TaskResult>> read) {
    this.keys = keys;
    this.decode = decode;
    this.read = read;
    this.connection = client.connectPubSub();
    this.pubsub = connection.async();
    connection.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        complete(keys.idOfDoneChannel(channel), message);
      }

      @Override
      public void message(String pattern, String channel, String message) {
        if (watchers.isEmpty()) {
          return;
        }
        TaskResult r = decode.apply(message);
        for (Consumer<TaskResult> w : watchers) {
          try {
            w.accept(r);
          } catch (RuntimeException e) {
            log.warn("redis-results: watcher failed: {}", e.toString());
          }
        }
      }
    });
  }

  CompletableFuture<TaskResult> await(String id) {
    CompletableFuture<TaskResult> future = new CompletableFuture<>();
    boolean[] first = {false};
    waiting.compute(id, (k, list) -> {
      List<CompletableFuture<TaskResult>> l = list == null ? new ArrayList<>(2) : list;
      if (list == null) {
        first[0] = true;
        pubsub.subscribe(keys.doneChannel(id)).whenComplete((v, e) -> {
          if (e != null) {
            fail(id, e);
          } else {
            check(id);
          }
        });
      }
      l.add(future);
      return l;
    });
    future.whenComplete((r, e) -> {
      if (e != null) {
        waiting.computeIfPresent(id, (k, l) -> {
          l.remove(future);
          if (l.isEmpty()) {
            pubsub.unsubscribe(keys.doneChannel(id));
            return null;
          }
          return l;
        });
      }
    });
    return future;
  }

  private void check(String id) {
    read.apply(id).whenComplete((r, e) -> {
      if (e != null) {
        fail(id, e);
      } else if (r != null && r.state().isReady()) {
        complete(id, r);
      }
    });
  }

  private void complete(String id, String message) {
    TaskResult r;
    try {
      r = decode.apply(message);
    } catch (RuntimeException e) {
      log.warn("redis-results[{}] unreadable notification: {}", id, e.toString());
      return;
    }
    complete(id, r);
  }

  private void complete(String id, TaskResult r) {
    List<CompletableFuture<TaskResult>> done = new ArrayList<>();
    waiting.computeIfPresent(id, (k, l) -> {
      done.addAll(l);
      pubsub.unsubscribe(keys.doneChannel(id));
      return null;
    });
    done.forEach(f -> f.complete(r));
  }

  private void fail(String id, Throwable e) {
    List<CompletableFuture<TaskResult>> failed = new ArrayList<>();
    waiting.computeIfPresent(id, (k, l) -> {
      failed.addAll(l);
      pubsub.unsubscribe(keys.doneChannel(id));
      return null;
    });
    failed.forEach(f -> f.completeExceptionally(e));
  }

  /** Calls {@code watcher} with every record that reaches a ready state from now on. */
  AutoCloseable watchReady(Consumer<TaskResult> watcher) {
    watchers.add(watcher);
    synchronized (this) {
      if (!patternSubscribed) {
        patternSubscribed = true;
        pubsub.psubscribe(keys.donePattern()).toCompletableFuture().join();
      }
    }
    return () -> watchers.remove(watcher);
  }

  void close() {
    for (String id : List.copyOf(waiting.keySet())) {
      fail(id, new IllegalStateException("result backend closed"));
    }
    connection.close();
  }
}
