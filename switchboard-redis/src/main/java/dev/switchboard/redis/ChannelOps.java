package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.layer.ChannelFullException;
import dev.switchboard.layer.LayerConfig;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Sends and receives of a {@link RedisChannelLayer} that go through Redis: channels without '!'
 * (Redis lists, capacity checked by a script, received by {@link ListReceiver}s) and other
 * processes' channels (published to the owner's inbox). Arguments are validated by the layer.
 */
final class ChannelOps {
  private final LayerConfig config;
  private final MessageCodec codec;
  private final LayerCommands redis;
  private final LayerKeys keys;
  private final Counters counters;
  private final Executor executor;
  private final ListReceiver.Sink sink;
  // one per list channel this process ever received from; idle ones hold no connection
  private final ConcurrentHashMap<String, ListReceiver> receivers = new ConcurrentHashMap<>();

  ChannelOps(
      LayerConfig config,
      MessageCodec codec,
      LayerCommands redis,
      LayerKeys keys,
      Counters counters,
      Executor executor,
      ListReceiver.Sink sink) {
    this.config = config;
    this.codec = codec;
    this.redis = redis;
    this.keys = keys;
    this.counters = counters;
    this.executor = executor;
    this.sink = sink;
  }

  /** Appends to a channel's list; fails with {@link ChannelFullException} at capacity. */
  CompletableFuture<Void> sendToList(String channel, Message message) {
    byte[] item = Frames.item(deadline(), codec.encode(message));
    int capacity = config.capacityOf(channel);
    return redis
        .push(channel, item, capacity)
        .thenApply(
            accepted -> {
              if (!accepted) {
                counters.sendRefusals.increment();
                throw new ChannelFullException(channel, capacity);
              }
              counters.sent.increment();
              return null;
            });
  }

  /**
   * Publishes to the inbox of the process that owns {@code channel}; the owner enforces the
   * capacity and counts what it refuses.
   */
  CompletableFuture<Void> sendToProcess(String owner, String channel, Message message) {
    byte[] frame = Frames.frame(Frames.CHANNEL, deadline(), channel, codec.encode(message));
    return redis
        .publish(owner, frame, "send to '" + channel + "'")
        .thenApply(
            reached -> {
              counters.sent.increment();
              return null;
            });
  }

  /** Receives from a channel's list through this process's receiver for it. */
  CompletableFuture<Message> receiveFromList(String channel) {
    return receivers
        .computeIfAbsent(
            channel, c -> new ListReceiver(c, keys.list(c), redis.shardFor(c), executor, sink))
        .receive();
  }

  /** Returns the live view of the list receivers, for resuming and closing them. */
  Collection<ListReceiver> receivers() {
    return receivers.values();
  }

  private long deadline() {
    return System.currentTimeMillis() + config.expiry().toMillis();
  }
}
