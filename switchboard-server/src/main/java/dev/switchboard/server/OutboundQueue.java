package dev.switchboard.server;

import dev.switchboard.OutboundEvent;
import io.netty.channel.Channel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's outbound events on their way from the application's threads to the channel:
 * a lock-free queue drained on the event loop in batches, with one flush per batch, so a burst
 * of small sends costs one task and one write syscall rather than one each.
 *
 * <p>Backpressure: the bytes waiting here plus those in the channel's outbound buffer are bounded
 * by the connection's limit (the channel's high water mark). When a data event arrives while
 * that bound is exceeded, the queue stops accepting events and asks its {@link Sink} to close the
 * connection as too slow; everything offered afterwards is dropped. A single event larger than
 * the bound is still accepted when nothing is waiting, so a large message to a reading client is
 * delivered.
 */
final class OutboundQueue {
  /** Where the drained events go; all methods are called on the channel's event loop. */
  interface Sink {
    /** Writes one event to the channel, without flushing. */
    void write(OutboundEvent event);

    /** Writes a frame encoded once for many connections ({@link PreparedFrame}), without flushing. */
    default void write(PreparedFrame frame) {
      throw new IllegalStateException("this connection takes no prepared WebSocket frames");
    }

    /** Flushes what the batch wrote. */
    void flush();

    /** The client is too slow: {@code waitingBytes} were waiting when more was sent. */
    void tooSlow(long waitingBytes);
  }

  private static final int BATCH = 512;

  private final Channel channel;
  private final long limit;
  private final Sink sink;
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Runnable drain = this::drain;
  private volatile boolean closed;

  OutboundQueue(Channel channel, long limit, Sink sink) {
    this.channel = channel;
    this.limit = limit;
    this.sink = sink;
  }

  /** Queues an event for the channel. Any thread; never blocks; dropped once closed. */
  void offer(OutboundEvent event) {
    enqueue(event);
  }

  /** Queues a prepared frame for the channel, like {@link #offer(OutboundEvent)}. */
  void offer(PreparedFrame frame) {
    enqueue(frame);
  }

  private void enqueue(Object event) {
    if (closed) {
      return;
    }
    int size = sizeOf(event);
    if (size > 0) {
      long queued = queuedBytes.get();
      // bytesBeforeUnwritable() is what the channel's buffer can still take below the limit.
      if (!channel.isWritable() || queued > channel.bytesBeforeUnwritable()) {
        if (channel.isActive()) {
          closed = true;
          long waiting = queued + (limit - channel.bytesBeforeUnwritable());
          Tasks.run(channel, () -> sink.tooSlow(waiting));
        }
        return;
      }
      queuedBytes.addAndGet(size);
    }
    events.offer(event);
    if (scheduled.compareAndSet(false, true) && !Tasks.run(channel, drain)) {
      closed = true; // the event loop is gone: the server stopped
    }
  }

  /** Drops everything waiting and everything offered from now on. */
  void close() {
    closed = true;
  }

  /** Returns whether the queue was closed. */
  boolean isClosed() {
    return closed;
  }

  private void drain() {
    scheduled.set(false);
    int written = 0;
    Object event;
    while ((event = events.poll()) != null) {
      queuedBytes.addAndGet(-sizeOf(event));
      if (closed) {
        continue;
      }
      if (event instanceof PreparedFrame f) {
        sink.write(f);
      } else {
        sink.write((OutboundEvent) event);
      }
      if (++written == BATCH && !events.isEmpty()) {
        // Let other channels of this loop run; the rest goes in the next batch.
        if (scheduled.compareAndSet(false, true)) {
          Tasks.run(channel, drain);
        }
        break;
      }
    }
    if (written > 0) {
      sink.flush();
    }
  }

  private static int sizeOf(Object event) {
    if (event instanceof PreparedFrame f) {
      return f.bytes().length;
    }
    if (event instanceof OutboundEvent.WebSocketSend s) {
      return s.text() != null ? s.text().length() : s.bytes().length;
    }
    if (event instanceof OutboundEvent.HttpResponseBody b) {
      return b.body().length;
    }
    return 0;
  }
}
