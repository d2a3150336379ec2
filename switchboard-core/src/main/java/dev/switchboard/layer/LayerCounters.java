package dev.switchboard.layer;

import java.util.concurrent.atomic.LongAdder;

/**
 * The mutable counters behind {@link LayerStats}: {@link LongAdder}s, so that threads sending at
 * the same time do not contend on one memory location.
 */
final class LayerCounters {
  /** Messages accepted by {@code send}. */
  final LongAdder sent = new LongAdder();

  /** Calls of {@code groupSend}. */
  final LongAdder groupSends = new LongAdder();

  /** Messages handed to a receive or a subscriber. */
  final LongAdder delivered = new LongAdder();

  /** Sends refused because the channel was full or its subscriber refused. */
  final LongAdder sendRefusals = new LongAdder();

  /** Group deliveries skipped because the member was full or its subscriber refused. */
  final LongAdder groupSendDrops = new LongAdder();

  /** Messages discarded because they outlived the expiry. */
  final LongAdder expired = new LongAdder();

  /** Returns a snapshot; each counter is read once, so the snapshot is not atomic as a whole. */
  LayerStats snapshot() {
    return new LayerStats(
        sent.sum(),
        groupSends.sum(),
        delivered.sum(),
        sendRefusals.sum(),
        groupSendDrops.sum(),
        expired.sum());
  }
}
