package dev.switchboard.redis.tasks;

import dev.switchboard.Nullable;
import dev.switchboard.tasks.WorkerInfo;
import dev.switchboard.tasks.spi.Broker;
import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeadLetter;
import dev.switchboard.tasks.spi.Delivery;
import dev.switchboard.tasks.spi.DeliveryHandler;
import dev.switchboard.tasks.spi.Envelope;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A task broker on Redis Streams: one stream per queue and priority band, one consumer group
 * per stream, leases as pending-entry idle time. See {@link RedisKeys} for the key layout.
 *
 * <ul>
 *   <li>Delivery: XREADGROUP (blocking when idle, never polling), highest band first; ack is
 *       XACK + XDEL, batched by {@link AckBatcher}.
 *   <li>Leases: a delivery's lease is its entry's idle time in the pending list. Holders renew it
 *       ({@link #extendLeases}: XCLAIM JUSTID with idle 0, only for entries they still own);
 *       every consumer reclaims entries idle longer than {@link #lease()} with XAUTOCLAIM.
 *   <li>Delayed messages wait in a sorted set and are promoted by {@link DelayedPromoter}, an
 *       atomic Lua script run by every consuming broker: a countdown of a day runs once.
 *   <li>Revocations live in a sorted set scored by expiry and are announced on a channel;
 *       heartbeats are keys with a TTL plus an index.
 * </ul>
 *
 * <p>Lettuce reconnects by itself; consumers retry with a capped backoff and recreate consumer
 * groups lost with a Redis restart (use Redis persistence to keep messages over a restart).
 */
public final class RedisBroker implements Broker {
  /** The default lease. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** The default number of deliveries of one message before it is dead-lettered. */
  public static final int DEFAULT_MAX_DELIVERIES = 10;

  private final RedisClient client;
  private final boolean ownsClient;
  private final RedisKeys keys;
  private final Duration lease;
  private final int maxDeliveries;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> redis;
  private final ExecutorService flusher;
  private final AckBatcher acks;
  private final BrokerNotifications notifications;
  private final List<RedisConsumer> consumers = new CopyOnWriteArrayList<>();
  private final RedisHeartbeats heartbeats;
  private @Nullable DelayedPromoter promoter;

  private RedisBroker(RedisClient client, boolean ownsClient, String prefix, Duration lease,
      int maxDeliveries) {
    if (lease.toMillis() < 100) {
      throw new IllegalArgumentException("lease must be at least 100 ms: " + lease);
    }
    if (maxDeliveries < 1) {
      throw new IllegalArgumentException("maxDeliveries must be at least 1: " + maxDeliveries);
    }
    this.maxDeliveries = maxDeliveries;
    this.client = client;
    this.ownsClient = ownsClient;
    this.keys = new RedisKeys(prefix);
    this.lease = lease;
    this.connection = client.connect();
    this.flusher = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sb-redis-broker-flush");
      t.setDaemon(true);
      return t;
    });
    this.redis = new Pipeline(client, connection, flusher).commands();
    this.acks = new AckBatcher(redis, flusher);
    this.notifications = new BrokerNotifications(client, keys, this::wakePromoter);
    this.heartbeats = new RedisHeartbeats(redis, keys);
  }

  /** Returns a broker on {@code uri} ({@code redis://host:port[/db]}) with key prefix "sb". */
  public static RedisBroker create(String uri) {
    return create(uri, DEFAULT_LEASE);
  }

  /** Returns a broker on {@code uri} whose deliveries stay leased {@code lease} without renewal. */
  public static RedisBroker create(String uri, Duration lease) {
    return new RedisBroker(RedisConnections.client(uri), true, "sb", lease, DEFAULT_MAX_DELIVERIES);
  }

  /**
   * Returns a broker with a key prefix of its own (1 to 50 letters, digits, '-', '_', '.'), so
   * several apps or tests can share one Redis server.
   */
  public static RedisBroker create(String uri, Duration lease, String prefix) {
    return create(uri, lease, prefix, DEFAULT_MAX_DELIVERIES);
  }

  /**
   * Returns a broker with its own key prefix that dead-letters a message once it was delivered
   * {@code maxDeliveries} times without being acknowledged (its holder died, let its lease lapse
   * or gave it back each time), with the reason.
   */
  public static RedisBroker create(String uri, Duration lease, String prefix, int maxDeliveries) {
    return new RedisBroker(RedisConnections.client(uri), true, prefix, lease, maxDeliveries);
  }

  /** Returns how many deliveries a message gets before it is dead-lettered. */
  int maxDeliveries() {
    return maxDeliveries;
  }

  @Override
  public CompletableFuture<Void> publish(Envelope e) {
    Objects.requireNonNull(e, "envelope");
    String stream = keys.stream(e.queue(), RedisKeys.band(e.priority()));
    if (e.etaMillis() > System.currentTimeMillis()) {
      CompletableFuture<Long> added =
          redis.zadd(keys.delayed(), (double) e.etaMillis(), stream + "\n" + e.body())
              .toCompletableFuture();
      redis.publish(keys.wakeChannel(), Long.toString(e.etaMillis()));
      wakePromoter();
      return added.thenApply(n -> null);
    }
    return redis.xadd(stream, "b", e.body()).toCompletableFuture().thenApply(id -> null);
  }

  @Override
  public CompletableFuture<Void> publishAll(List<Envelope> envelopes) {
    // Lettuce pipelines commands written without waiting, so this is one batch on the wire.
    CompletableFuture<?>[] all = new CompletableFuture<?>[envelopes.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = publish(envelopes.get(i));
    }
    return CompletableFuture.allOf(all);
  }

  @Override
  public Consumption consume(
      String consumerName, List<String> queues, int prefetch, DeliveryHandler handler) {
    List<String> checked = Broker.checkConsume(consumerName, queues, prefetch, handler);
    synchronized (this) {
      if (promoter == null) {
        promoter = new DelayedPromoter(redis, keys);
        notifications.listenForWakeUps();
      }
    }
    RedisConsumer c = new RedisConsumer(this, consumerName, checked, prefetch, handler);
    consumers.add(c);
    return c;
  }

  @Override
  public CompletableFuture<Void> extendLeases(Collection<? extends Delivery> deliveries) {
    Map<String, List<RedisDelivery>> byOwner = new LinkedHashMap<>();
    for (Delivery d : deliveries) {
      RedisDelivery rd = (RedisDelivery) d;
      byOwner.computeIfAbsent(rd.stream() + "\n" + rd.consumerName(), k -> new ArrayList<>()).add(rd);
    }
    List<CompletableFuture<Object>> calls = new ArrayList<>();
    for (List<RedisDelivery> group : byOwner.values()) {
      String[] args = new String[group.size() + 2];
      args[0] = RedisKeys.GROUP;
      args[1] = group.get(0).consumerName();
      for (int i = 0; i < group.size(); i++) {
        args[i + 2] = group.get(i).deliveryId();
      }
      calls.add(LuaScripts.EXTEND.run(redis, new String[] {group.get(0).stream()}, args));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
  }

  @Override
  public Duration lease() {
    return lease;
  }

  @Override
  public CompletableFuture<Void> revoke(String taskId, Duration ttl) {
    long now = System.currentTimeMillis();
    CompletableFuture<Long> added =
        redis.zadd(keys.revoked(), (double) (now + ttl.toMillis()), taskId).toCompletableFuture();
    redis.zremrangebyscore(keys.revoked(), Range.create(Double.NEGATIVE_INFINITY, (double) now));
    return added
        .thenCompose(n -> redis.publish(keys.revokeChannel(), taskId).toCompletableFuture())
        .thenApply(n -> null);
  }

  @Override
  public AutoCloseable watchRevoked(Consumer<String> listener) {
    AutoCloseable handle = notifications.watchRevoked(listener);
    List<String> current = redis.zrangebyscore(keys.revoked(),
        Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY))
        .toCompletableFuture().join();
    current.forEach(listener);
    return handle;
  }

  @Override
  public CompletableFuture<List<DeadLetter>> deadLetters(int max) {
    return redis.xrange(keys.dead(), Range.create("-", "+"), Limit.from(max)).toCompletableFuture()
        .thenApply(list -> {
          List<DeadLetter> out = new ArrayList<>(list.size());
          for (StreamMessage<String, String> m : list) {
            Map<String, String> f = m.getBody();
            out.add(new DeadLetter(f.getOrDefault("q", ""), f.getOrDefault("b", ""),
                f.getOrDefault("r", ""), Long.parseLong(f.getOrDefault("t", "0"))));
          }
          return out;
        });
  }

  @Override
  public CompletableFuture<Long> size(String queue) {
    Envelope.checkQueue(queue);
    List<CompletableFuture<Long>> parts = new ArrayList<>();
    for (int band : RedisKeys.BANDS_HIGH_FIRST) {
      String s = keys.stream(queue, band);
      CompletableFuture<Long> len = redis.xlen(s).toCompletableFuture();
      CompletableFuture<Long> pending = redis.xpending(s, RedisKeys.GROUP).toCompletableFuture()
          .handle((p, e) -> e != null || p == null ? 0L : p.getCount());
      parts.add(len.thenCombine(pending, (l, p) -> Math.max(0, l - p)));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(v -> parts.stream().mapToLong(CompletableFuture::join).sum());
  }

  @Override
  public CompletableFuture<Long> delayedSize() {
    return redis.zcard(keys.delayed()).toCompletableFuture();
  }

  @Override
  public CompletableFuture<Void> heartbeat(WorkerInfo info, Duration ttl) {
    return heartbeats.beat(info, ttl);
  }

  @Override
  public CompletableFuture<Void> forgetWorker(String workerId) {
    return heartbeats.forget(workerId);
  }

  @Override
  public CompletableFuture<List<WorkerInfo>> workers() {
    return heartbeats.live();
  }

  /** Moves an entry to {@code target} with {@code fields}, acknowledging and deleting it. */
  CompletableFuture<Void> move(String stream, String target, String entryId, String... fields) {
    String[] args = new String[fields.length + 2];
    args[0] = RedisKeys.GROUP;
    args[1] = entryId;
    System.arraycopy(fields, 0, args, 2, fields.length);
    return LuaScripts.MOVE.run(redis, new String[] {stream, target}, args).thenApply(v -> null);
  }

  private void wakePromoter() {
    DelayedPromoter p = promoter;
    if (p != null) {
      p.wake();
    }
  }

  RedisKeys keys() {
    return keys;
  }

  RedisClient client() {
    return client;
  }

  AckBatcher acks() {
    return acks;
  }

  void consumerClosed(RedisConsumer c) {
    consumers.remove(c);
  }

  @Override
  public void close() {
    for (RedisConsumer c : List.copyOf(consumers)) {
      c.close();
    }
    DelayedPromoter p = promoter;
    if (p != null) {
      p.close();
    }
    notifications.close();
    flusher.shutdown();
    try {
      flusher.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
    if (ownsClient) {
      RedisConnections.shutdown(client);
    }
  }
}
