package dev.switchboard.layer;

/**
 * A snapshot of a layer's counters since it started.
 *
 * @param sent messages accepted by {@link ChannelLayer#send}
 * @param groupSends calls of {@link ChannelLayer#groupSend}
 * @param delivered messages handed to a receiver or subscriber
 * @param sendRefusals sends refused with {@link ChannelFullException}
 * @param groupSendDrops group-send deliveries skipped because the member was full
 * @param expired messages discarded because they waited longer than the expiry
 */
public record LayerStats(
    long sent,
    long groupSends,
    long delivered,
    long sendRefusals,
    long groupSendDrops,
    long expired) {}
