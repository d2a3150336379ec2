package dev.switchboard.server;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What test applications saw, as lines in a queue; assertions wait with a timeout. */
final class Recorder {
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /** Records one line. Thread-safe. */
  void add(String line) {
    lines.add(line);
  }

  /** Returns the next line, failing with "timed out waiting for ..." after {@code timeout}. */
  String next(Duration timeout) {
    try {
      String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("timed out waiting for a recorded event within " + timeout);
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Skips lines until one matches, failing with "timed out waiting for ..." after {@code timeout}. */
  String await(Predicate<String> match, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (; ; ) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("timed out waiting for " + what + " within " + timeout);
        }
        if (match.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Fails if a line arrives within {@code duration}. */
  void expectNothing(Duration duration) {
    try {
      String line = lines.poll(duration.toNanos(), TimeUnit.NANOSECONDS);
      if (line != null) {
        throw new AssertionError("expected no recorded event but got: " + line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
