package dev.switchboard.redis;

/**
 * Counters of a {@link RedisChannelLayer} beyond {@link dev.switchboard.layer.LayerStats}, since
 * the layer started.
 *
 * @param unroutable sends and group deliveries published to a process that no longer listens
 *     (it stopped or crashed); the message is gone, as the layer delivers at most once
 * @param remoteRefusals messages that other processes sent to a channel of this process and that
 *     its subscriber refused because its inbox was full; the sender could not be told, so they
 *     are counted here, on the owning process, and in its {@code sendRefusals} (group deliveries
 *     refused that way are {@code groupSendDrops}, as for local group sends)
 * @param undecodable messages dropped because they could not be decoded or decrypted (wrong or
 *     missing encryption key, corrupted data)
 * @param disconnects times a Redis shard was lost; each is logged and announced to local
 *     subscribers as {@code layer.disconnected}
 */
public record RedisLayerStats(
    long unroutable, long remoteRefusals, long undecodable, long disconnects) {}
