package dev.switchboard.client;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client listener that records its events as lines, for tests to wait on. */
final class Events implements ClientListener {
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  @Override
  public void onOpen(boolean reconnect) {
    lines.add(reconnect ? "reopen" : "open");
  }

  @Override
  public void onDisconnected(String reason, Duration retryIn) {
    lines.add("lost: " + reason);
  }

  @Override
  public void onClosed(String reason) {
    lines.add("closed: " + reason);
  }

  /** Returns the next event starting with {@code prefix}, skipping others; fails on timeout. */
  String await(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (;;) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for '"
            + prefix + "'");
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }
}
