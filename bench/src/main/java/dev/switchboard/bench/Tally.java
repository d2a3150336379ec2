package dev.switchboard.bench;

import org.HdrHistogram.Histogram;

/**
 * What one I/O thread of the load generator observed: deliveries per message, latency, and the
 * anomalies. Each thread writes only its own tally (no locks on the receive path); the run adds
 * them up once the threads have stopped.
 */
final class Tally {
  /** Highest latency recorded, in microseconds (longer ones are clamped): one minute. */
  static final long MAX_LATENCY_US = 60_000_000L;

  final SeqCounts[] counts;
  final Histogram latencyUs = new Histogram(MAX_LATENCY_US, 3);
  long deliveries;
  long windowDeliveries;
  long misrouted;
  long outOfOrder;
  long unparsed;
  long stalls;
  /** Scratch space for one parsed message: sender, sequence, send time. */
  final long[] fields = new long[3];

  /** Creates a tally for {@code senders} local senders. */
  Tally(int senders) {
    counts = new SeqCounts[senders];
    for (int i = 0; i < senders; i++) {
      counts[i] = new SeqCounts();
    }
  }

  /** Records one latency in nanoseconds. */
  void latency(long nanos) {
    long us = Math.max(0, nanos / 1000);
    latencyUs.recordValue(Math.min(us, MAX_LATENCY_US));
  }
}
