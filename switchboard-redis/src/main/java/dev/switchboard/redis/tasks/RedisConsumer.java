package dev.switchboard.redis.tasks;

import dev.switchboard.tasks.spi.Consumption;
import dev.switchboard.tasks.spi.DeliveryHandler;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a {@link RedisBroker}: a virtual thread that reads its queues' streams with
 * XREADGROUP on its own connection and hands entries to the handler, within its credit.
 *
 * <p>Each round, with credit left: every half lease it reclaims entries idle longer than the
 * lease (XAUTOCLAIM: their holder is dead); it reads without blocking, highest band first; and
 * when nothing was there it blocks in XREADGROUP on all bands until an entry arrives (bounded by
 * the reclaim interval). Without credit it waits for a settle. Redis errors (a restart, a lost
 * group) are logged and retried with a capped backoff; Lettuce reconnects underneath.
 */
final class RedisConsumer implements Consumption {
  private static final Logger log = LoggerFactory.getLogger(RedisConsumer.class);

  private final RedisBroker broker;
  private final String name;
  private final List<String> streams;
  private final int prefetch;
  private final DeliveryHandler handler;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final long reclaimEveryMillis;
  private final long blockMillis;
  private final AtomicInteger held = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition credit = lock.newCondition();
  private final Thread thread;
  private volatile boolean closed;

  RedisConsumer(
      RedisBroker broker, String name, List<String> queues, int prefetch,
      DeliveryHandler handler) {
    this.broker = broker;
    this.name = name;
    this.streams = broker.keys().streamsHighFirst(queues);
    this.prefetch = prefetch;
    this.handler = handler;
    this.connection = broker.client().connect();
    this.redis = connection.sync();
    this.reclaimEveryMillis = Math.max(50, broker.lease().toMillis() / 2);
    // Bounded so that close() and reclaims never wait long on an idle queue.
    this.blockMillis = Math.min(reclaimEveryMillis, 1_000);
    ensureGroups();
    this.thread = Thread.ofVirtual().name("sb-redis-consumer-" + name).start(this::loop);
  }

  String name() {
    return name;
  }

  private void loop() {
    long nextReclaim = 0;
    long nextPrune = System.currentTimeMillis() + pruneAfterMillis();
    long backoff = 0;
    while (!closed) {
      try {
        int room = awaitCredit();
        if (closed) {
          break;
        }
        long now = System.currentTimeMillis();
        if (now >= nextReclaim) {
          room -= reclaim(room);
          nextReclaim = now + reclaimEveryMillis;
        }
        if (now >= nextPrune) {
          pruneDeadConsumers();
          nextPrune = now + pruneAfterMillis();
        }
        if (room > 0 && read(room, false) == 0) {
          read(1, true);
        }
        backoff = 0;
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
          log.info("redis-consumer[{}] consumer group missing (Redis restarted?): recreating",
              name);
          tryEnsureGroups();
          continue;
        }
        backoff = Math.min(2_000, Math.max(50, backoff * 2));
        log.warn("redis-consumer[{}] read failed, retrying in {} ms: {}", name, backoff,
            e.toString());
        sleep(backoff);
      }
    }
  }

  /** Reads up to {@code count} new entries; blocking reads wait on all bands at once. */
  private int read(int count, boolean block) {
    @SuppressWarnings("unchecked")
    StreamOffset<String>[] offsets = new StreamOffset[streams.size()];
    int delivered = 0;
    if (block) {
      for (int i = 0; i < offsets.length; i++) {
        offsets[i] = StreamOffset.lastConsumed(streams.get(i));
      }
      List<StreamMessage<String, String>> got = redis.xreadgroup(Consumer.from(RedisKeys.GROUP, name),
          XReadArgs.Builder.count(count).block(blockMillis), offsets);
      return deliver(got, false);
    }
    // Highest band first: a lower band is read only with credit the higher ones left.
    for (String s : streams) {
      int want = count - delivered;
      if (want <= 0) {
        break;
      }
      List<StreamMessage<String, String>> got = redis.xreadgroup(Consumer.from(RedisKeys.GROUP, name),
          XReadArgs.Builder.count(want), StreamOffset.lastConsumed(s));
      delivered += deliver(got, false);
    }
    return delivered;
  }

  private int reclaim(int room) {
    int claimed = 0;
    for (String s : streams) {
      if (room - claimed <= 0) {
        break;
      }
      ClaimedMessages<String, String> got = redis.xautoclaim(s, new XAutoClaimArgs<String>()
          .consumer(Consumer.from(RedisKeys.GROUP, name))
          .minIdleTime(broker.lease().toMillis()).startId("0-0").count(room - claimed));
      int n = deliver(got.getMessages(), true);
      if (n > 0) {
        log.info("redis-consumer[{}] reclaimed {} entries of {} whose lease lapsed", name, n, s);
      }
      claimed += n;
    }
    return claimed;
  }

  private int deliver(List<StreamMessage<String, String>> messages, boolean redelivered) {
    Map<String, Long> counts = redelivered ? pendingCounts(messages) : Map.of();
    int n = 0;
    for (StreamMessage<String, String> m : messages) {
      if (m.getBody() == null || m.getBody().isEmpty()) {
        broker.acks().ack(m.getStream(), m.getId()); // deleted since: nothing left to run
        continue;
      }
      String body = m.getBody().get("b");
      int before = parseCount(m.getBody().get(RedisKeys.DELIVERIES));
      int deliveries = before + counts.getOrDefault(m.getId(), 1L).intValue();
      RedisDelivery d = new RedisDelivery(broker, this, m.getStream(), m.getId(),
          body == null ? String.valueOf(m.getBody()) : body, redelivered, deliveries);
      held.incrementAndGet();
      if (body == null) {
        log.warn("redis-consumer[{}] entry {} of {} has no body field 'b' (fields {}):"
            + " dead-lettered", name, m.getId(), m.getStream(), m.getBody().keySet());
        d.deadLetter("stream entry without its body field 'b'; fields: " + m.getBody().keySet());
        continue;
      }
      if (deliveries > broker.maxDeliveries()) {
        String reason = "delivered " + (deliveries - 1) + " times without being settled"
            + " (max_deliveries " + broker.maxDeliveries() + "): its worker may crash on it";
        log.warn("redis-consumer[{}] entry {} of {} dead-lettered: {}", name, m.getId(),
            m.getStream(), reason);
        d.deadLetter(reason);
        continue;
      }
      if (closed) {
        d.reject(true); // read after close: give it back rather than hold it until the lease lapses
      } else {
        handler.onDelivery(d);
      }
      n++;
    }
    return n;
  }

  /** A consumer idle this long with nothing pending is gone: ten leases. */
  private long pruneAfterMillis() {
    return broker.lease().toMillis() * 10;
  }

  /**
   * Removes from the consumer groups the consumers (dead workers) that hold no entries and have
   * not read for {@link #pruneAfterMillis()}; a live consumer reads at least every second.
   */
  private void pruneDeadConsumers() {
    for (String s : streams) {
      for (Object info : redis.xinfoConsumers(s, RedisKeys.GROUP)) {
        Map<String, Object> fields = new HashMap<>();
        List<?> kv = (List<?>) info;
        for (int i = 0; i + 1 < kv.size(); i += 2) {
          fields.put(String.valueOf(kv.get(i)), kv.get(i + 1));
        }
        String consumer = String.valueOf(fields.get("name"));
        if (!consumer.equals(name) && fields.get("pending") instanceof Long pending && pending == 0
            && fields.get("idle") instanceof Long idle && idle > pruneAfterMillis()) {
          redis.xgroupDelconsumer(s, Consumer.from(RedisKeys.GROUP, consumer));
          log.info("redis-consumer[{}] removed idle consumer {} from {}", name, consumer, s);
        }
      }
    }
  }

  /** Returns how often Redis delivered each reclaimed entry (XPENDING), by entry id. */
  private Map<String, Long> pendingCounts(List<StreamMessage<String, String>> messages) {
    Map<String, Long> counts = new HashMap<>();
    for (StreamMessage<String, String> m : messages) {
      for (PendingMessage p : redis.xpending(m.getStream(), RedisKeys.GROUP,
          Range.create(m.getId(), m.getId()), Limit.from(1))) {
        counts.put(p.getId(), p.getRedeliveryCount());
      }
    }
    return counts;
  }

  private static int parseCount(String value) {
    try {
      return value == null ? 0 : Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Waits until at least a quarter of the prefetch is free (or nothing is held), so that a busy
   * consumer reads in batches rather than one round trip per settled delivery.
   */
  private int awaitCredit() {
    int batch = Math.max(1, prefetch / 4);
    lock.lock();
    try {
      while (!closed && prefetch - held.get() < batch && held.get() > 0) {
        credit.await(1, TimeUnit.SECONDS);
      }
      return prefetch - held.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
      return 0;
    } finally {
      lock.unlock();
    }
  }

  /** Called when one of this consumer's deliveries is settled. */
  void released() {
    int now = held.decrementAndGet();
    if (now == prefetch - Math.max(1, prefetch / 4) || now == 0) {
      lock.lock();
      try {
        credit.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void ensureGroups() {
    for (String s : streams) {
      try {
        redis.xgroupCreate(StreamOffset.from(s, "0"), RedisKeys.GROUP,
            XGroupCreateArgs.Builder.mkstream());
      } catch (RedisBusyException e) {
        // BUSYGROUP: the group exists already
      }
    }
  }

  private void tryEnsureGroups() {
    try {
      ensureGroups();
    } catch (RuntimeException e) {
      log.warn("redis-consumer[{}] could not create consumer groups: {}", name, e.toString());
      sleep(200);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    lock.lock();
    try {
      credit.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      if (!thread.join(java.time.Duration.ofMillis(blockMillis + 2_000))) {
        log.warn("redis-consumer[{}] reader did not stop in time", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
    broker.consumerClosed(this);
  }
}
