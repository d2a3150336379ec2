package dev.switchboard.testing;

import dev.switchboard.OutboundEvent;
import dev.switchboard.internal.ConnectionRunner;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a connection's outbound events so tests can wait for them; shared by communicators. */
final class OutboundRecorder implements ConnectionRunner.Transport {
  private final LinkedBlockingQueue<OutboundEvent> events = new LinkedBlockingQueue<>();

  @Override
  public void send(OutboundEvent event) {
    events.add(event);
  }

  /** Returns the next event, failing with "timed out waiting for {what}" after {@code timeout}. */
  OutboundEvent next(Duration timeout, String what) {
    try {
      OutboundEvent e = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      return e;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, ie);
    }
  }

  /** Fails if any event arrives within {@code wait}. */
  void nothing(Duration wait) {
    try {
      OutboundEvent e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
      if (e != null) {
        throw new AssertionError("expected nothing within " + wait.toMillis() + " ms, got " + e);
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", ie);
    }
  }
}
