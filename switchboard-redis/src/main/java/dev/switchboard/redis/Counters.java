package dev.switchboard.redis;

import dev.switchboard.layer.LayerStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of a {@link RedisChannelLayer}. The in-memory layer that holds this process's own
 * channels keeps the counters of local deliveries; {@link #snapshot} adds them to these.
 */
final class Counters {
  /** Messages accepted by {@code send}, local or through Redis. */
  final LongAdder sent = new LongAdder();

  /** Calls of {@code groupSend}. */
  final LongAdder groupSends = new LongAdder();

  /** Messages popped from Redis lists and handed to a receive. */
  final LongAdder listDelivered = new LongAdder();

  /** Sends refused because the channel was full (locally, in Redis, or at the owning process). */
  final LongAdder sendRefusals = new LongAdder();

  /** Group deliveries to channel lists in Redis refused because the list was full. */
  final LongAdder listDrops = new LongAdder();

  /** Messages dropped unreceived in Redis or on arrival because they outlived the expiry. */
  final LongAdder expired = new LongAdder();

  /** See {@link RedisLayerStats#unroutable()}. */
  final LongAdder unroutable = new LongAdder();

  /** See {@link RedisLayerStats#remoteRefusals()}. */
  final LongAdder remoteRefusals = new LongAdder();

  /** See {@link RedisLayerStats#undecodable()}. */
  final LongAdder undecodable = new LongAdder();

  /** See {@link RedisLayerStats#disconnects()}. */
  final LongAdder disconnects = new LongAdder();

  /** Returns the layer's stats: these counters plus those of the local in-memory layer. */
  LayerStats snapshot(LayerStats local) {
    return new LayerStats(
        sent.sum(),
        groupSends.sum(),
        local.delivered() + listDelivered.sum(),
        sendRefusals.sum(),
        local.groupSendDrops() + listDrops.sum(),
        local.expired() + expired.sum());
  }

  RedisLayerStats redis() {
    return new RedisLayerStats(
        unroutable.sum(), remoteRefusals.sum(), undecodable.sum(), disconnects.sum());
  }
}
