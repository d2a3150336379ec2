package dev.switchboard.bench.jmh;

import dev.switchboard.Message;
import dev.switchboard.OutboundEvent;
import dev.switchboard.internal.ConnectionRunner;
import java.util.concurrent.atomic.LongAdder;

/**
 * A transport that writes nothing and counts what a connection sends: accepts, WebSocket
 * messages (through the consumer) and forwarded ready frames (the fast lane). One instance is
 * shared by every connection of a benchmark, so a benchmark waits for the total.
 */
final class Deliveries implements ConnectionRunner.Transport {
  private static final long TIMEOUT_NANOS = 10_000_000_000L;

  final LongAdder accepted = new LongAdder();
  final LongAdder messages = new LongAdder();

  @Override
  public void send(OutboundEvent event) {
    if (event instanceof OutboundEvent.WebSocketSend) {
      messages.increment();
    } else if (event instanceof OutboundEvent.WebSocketAccept) {
      accepted.increment();
    }
  }

  @Override
  public void forward(Message frame) {
    messages.increment();
  }

  /** Waits until {@code counter} reaches {@code target}, yielding; fails after 10 s. */
  static void await(LongAdder counter, long target, String what) {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    long n;
    while ((n = counter.sum()) < target) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "timed out waiting for " + what + ": " + n + " of " + target);
      }
      Thread.yield();
    }
  }
}
