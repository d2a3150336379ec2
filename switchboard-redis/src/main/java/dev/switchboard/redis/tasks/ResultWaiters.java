package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.TaskResult;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiters for task results on one pub/sub connection: the first waiter of a task subscribes to
 * its {@code <p>:done:<id>} channel, then reads the stored record (closing the race with a write
 * that came first); the store script publishes the final record on that channel, which completes
 * every waiter and unsubscribes. Because pub/sub drops what is published while a client is
 * disconnected, every reconnect re-reads the records of the waiting tasks, and a re-read every two
 * seconds covers losses no event reports. Subscribe and unsubscribe commands for one id are issued under
 * that id's map lock, so they reach Redis in order.
 */
final class ResultWaiters {
  private static final Logger log = LoggerFactory.getLogger(ResultWaiters.class);
  /** How long to trust a subscription to confirm, and the delay of the second re-check. */
  private static final long RECHECK_MILLIS = 1_000;
  /** How often the records of tasks still waited for are read again, whatever happened. */
  private static final long SAFETY_NET_MILLIS = 2_000;

  private final RedisKeys keys;
  private final Function<String, TaskResult> decode;
  private final Function<String, CompletableFuture<TaskResult>> read;
  private final StatefulRedisPubSubConnection<String, String> connection;
  private final RedisPubSubAsyncCommands<String, String> pubsub;
  private final Map<String, List<CompletableFuture<TaskResult>>> waiting = new ConcurrentHashMap<>();
  private final List<Consumer<TaskResult>> watchers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;
  private boolean patternSubscribed;

  ResultWaiters(
      RedisClient client, RedisKeys keys, Function<String, TaskResult> decode,
      Function<String, CompletableFuture<TaskResult>> read) {
    this.keys = keys;
    this.decode = decode;
    this.read = read;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sb-redis-results-recheck");
      t.setDaemon(true);
      return t;
    });
    // Pub/sub is at most once: a result published while this client was disconnected is lost.
    // After every reconnect, read the records of all waiting tasks again (at once, and once more
    // after the channels are resubscribed).
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
        recheckAll();
        timer.schedule(ResultWaiters.this::recheckAll, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      }
    });
    // Pub/sub can lose a notification in ways no event reports (a resubscribe that raced a
    // reconnect): a slow re-read of every record still waited for bounds such a loss to seconds.
    timer.scheduleWithFixedDelay(
        this::checkWaiting, SAFETY_NET_MILLIS, SAFETY_NET_MILLIS, TimeUnit.MILLISECONDS);
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
        // Read the record once subscribed: a result stored before the subscription took effect
        // was published to nobody. During a reconnect the confirmation can come late, after the
        // result was stored and published unheard, so read both after RECHECK_MILLIS (the wait
        // must not hang on a missing confirmation) and whenever the confirmation does arrive.
        CompletableFuture<Void> subscribed = pubsub.subscribe(keys.doneChannel(id)).toCompletableFuture();
        subscribed.whenComplete((v, e) -> check(id));
        subscribed.copy()
            .orTimeout(RECHECK_MILLIS, TimeUnit.MILLISECONDS)
            .whenComplete((v, e) -> {
              if (e != null) {
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

  private void recheckAll() {
    List<String> ids = List.copyOf(waiting.keySet());
    if (ids.isEmpty()) {
      return;
    }
    // A subscribe refused while the connection was down left its channel unsubscribed (Lettuce
    // restores only confirmed subscriptions): subscribe every waiting channel again (a no-op for
    // those already subscribed), then read each record.
    String[] channels = ids.stream().map(keys::doneChannel).toArray(String[]::new);
    pubsub.subscribe(channels).toCompletableFuture().whenComplete((v, e) -> ids.forEach(this::check));
    for (String id : ids) {
      check(id);
    }
  }

  private void checkWaiting() {
    try {
      for (String id : List.copyOf(waiting.keySet())) {
        // A read that fails (Redis down) leaves the waiter waiting: the next round retries.
        read.apply(id).thenAccept(r -> {
          if (r != null && r.state().isReady()) {
            complete(id, r);
          }
        });
      }
    } catch (RuntimeException e) {
      log.debug("redis-results: re-read failed: {}", e.toString()); // the next round retries
    }
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
    timer.shutdownNow();
    connection.close();
  }
}
