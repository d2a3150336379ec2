package dev.switchboard.redis;

import dev.switchboard.Message;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.layer.Names;
import java.util.concurrent.CompletableFuture;

/**
 * The group operations of a {@link RedisChannelLayer}, by kind of member: this process's own
 * channels (local table plus this process's lease), another process's channels (a join or leave
 * frame to the owner, which keeps the membership), and channels that are not process-specific
 * (a sorted set in Redis). Arguments are validated by the layer before they get here.
 */
final class GroupRouting {
  private final String process;
  private final LayerConfig config;
  private final InMemoryChannelLayer local;
  private final IncomingFrames inbound;
  private final LayerCommands redis;
  private final MessageCodec codec;
  private final Counters counters;

  GroupRouting(
      String process,
      LayerConfig config,
      InMemoryChannelLayer local,
      IncomingFrames inbound,
      LayerCommands redis,
      MessageCodec codec,
      Counters counters) {
    this.process = process;
    this.config = config;
    this.local = local;
    this.inbound = inbound;
    this.redis = redis;
    this.codec = codec;
    this.counters = counters;
  }

  CompletableFuture<Void> add(String group, String channel) {
    if (isMine(channel)) {
      return inbound.join(group, channel);
    }
    if (Names.isProcessSpecific(channel)) {
      // The owner records the membership; its lease, set here too, lets group sends reach it
      // at once rather than after the owner's own announcement.
      String owner = LayerKeys.processOf(channel);
      byte[] frame = Frames.frame(Frames.JOIN, 0, group, LayerCommands.ascii(channel));
      return redis
          .publish(owner, frame, "group add to '" + group + "'")
          .thenCompose(
              reached ->
                  reached ? redis.announce(group, owner) : CompletableFuture.completedFuture(null));
    }
    long deadline = System.currentTimeMillis() + config.groupExpiry().toMillis();
    return redis.memberAdd(
        group, channel, deadline, config.capacityOf(channel), config.groupExpiry().toMillis());
  }

  CompletableFuture<Void> discard(String group, String channel) {
    if (isMine(channel)) {
      return inbound.leave(group, channel);
    }
    if (Names.isProcessSpecific(channel)) {
      byte[] frame = Frames.frame(Frames.LEAVE, 0, group, LayerCommands.ascii(channel));
      return redis
          .publish(LayerKeys.processOf(channel), frame, "group discard from '" + group + "'")
          .thenApply(reached -> null);
    }
    return redis.memberRemove(group, channel);
  }

  CompletableFuture<Void> send(String group, Message message) {
    counters.groupSends.increment();
    // this process's members first, straight from memory: they never wait for Redis
    local.groupSend(group, message);
    long deadline = System.currentTimeMillis() + config.expiry().toMillis();
    byte[] body = codec.encode(message);
    return redis.groupSend(
        group, Frames.frame(Frames.GROUP, deadline, group, body), Frames.item(deadline, body));
  }

  boolean isMine(String channel) {
    return Names.isProcessSpecific(channel) && LayerKeys.processOf(channel).equals(process);
  }
}
