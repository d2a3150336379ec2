package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.Nullable;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link RedisChannelLayer} does when a shard goes away and comes back: log it, count it,
 * tell every local subscriber ({@code layer.disconnected} / {@code layer.reconnected}, field
 * {@code redis}: the shard's {@code host:port}), and after the reconnect re-announce this
 * process's group leases (Redis may have restarted empty) and let waiting receives pop again.
 *
 * <p>Called on Lettuce's I/O threads; does nothing that blocks.
 */
final class ShardEvents implements Shard.Observer {
  private static final Logger log = LoggerFactory.getLogger(RedisChannelLayer.class);

  private final Counters counters;
  private final Subscribers subscribers;
  private final LocalGroups groups;
  private final BooleanSupplier closed;
  private volatile @Nullable LayerCommands redis;
  private volatile Collection<ListReceiver> receivers = List.of();

  ShardEvents(
      Counters counters,
      Subscribers subscribers,
      LocalGroups groups,
      BooleanSupplier closed) {
    this.counters = counters;
    this.subscribers = subscribers;
    this.groups = groups;
    this.closed = closed;
  }

  /** Hands over the Redis operations and the list receivers once every shard is connected. */
  void ready(LayerCommands redis, Collection<ListReceiver> receivers) {
    this.receivers = receivers;
    this.redis = redis;
  }

  @Override
  public void down(Shard shard) {
    if (closed.getAsBoolean()) {
      return;
    }
    counters.disconnects.increment();
    log.warn(
        "redis[{}] disconnected; reconnecting, operations that need it fail fast until then",
        shard.name);
    subscribers.broadcast(Message.of("layer.disconnected", "redis", shard.name));
  }

  @Override
  public void up(Shard shard, long downMillis) {
    LayerCommands ops = redis;
    if (closed.getAsBoolean() || ops == null) {
      return; // still connecting, or closing
    }
    List<String> mine = groups.groups();
    log.info(
        "redis[{}] reconnected after {} ms; re-announcing {} group lease(s)",
        shard.name,
        downMillis,
        mine.size());
    ops.announceAll(mine)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                log.warn("redis[{}] re-announcing group leases failed: {}", shard.name, e.toString());
              }
            });
    receivers.forEach(ListReceiver::resume);
    subscribers.broadcast(Message.of("layer.reconnected", "redis", shard.name));
  }
}
