package dev.switchboard.server;

import dev.switchboard.Message;
import dev.switchboard.OutboundEvent;
import dev.switchboard.internal.DeliveryBatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

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

    /** Writes a ready {@code websocket.send} message, without flushing. */
    default void write(Message frame) {
      throw new IllegalStateException("this connection takes no WebSocket frames");
    }

    /**
     * Writes a complete WebSocket frame encoded once for many connections ({@link PreparedFrame}),
     * without flushing; takes over the reference to {@code frame}.
     */
    default void write(ByteBuf frame) {
      frame.release();
      throw new IllegalStateException("this connection takes no prepared WebSocket frames");
    }

    /** Flushes what the batch wrote. */
    void flush();

    /**
     * Flushes a write made directly from the event loop; a sink may defer it to the end of the
     * read under way (the default flushes now).
     */
    default void flushSoon() {
      flush();
    }

    /** The client is too slow: {@code waitingBytes} were waiting when more was sent. */
    void tooSlow(long waitingBytes);
  }

  private static final int BATCH = 512;
  private static final VarHandle QUEUED_BYTES;
  private static final VarHandle SCHEDULED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      QUEUED_BYTES = lookup.findVarHandle(OutboundQueue.class, "queuedBytes", long.class);
      SCHEDULED = lookup.findVarHandle(OutboundQueue.class, "scheduled", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Channel channel;
  private final long limit;
  private final Sink sink;
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  // Updated through VarHandles, not atomic objects: fewer objects per socket and per fan-out.
  private volatile long queuedBytes;
  private volatile boolean scheduled;
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

  /** Queues a ready {@code websocket.send} message, like {@link #offer(OutboundEvent)}. */
  void offer(Message frame) {
    enqueue(frame);
  }

  /**
   * Queues a complete WebSocket frame for the channel, like {@link #offer(OutboundEvent)}; takes
   * over the reference to {@code frame}, and releases it if the frame is dropped.
   */
  void offer(ByteBuf frame) {
    if (!enqueue(frame)) {
      frame.release();
    }
  }

  /** Returns false if the event was dropped. */
  private boolean enqueue(Object event) {
    if (closed) {
      return false;
    }
    int size = sizeOf(event);
    if (size > 0) {
      long queued = queuedBytes;
      // bytesBeforeUnwritable() is what the channel's buffer can still take below the limit; with
      // nothing queued here, a writable channel takes the event (and the lookup is skipped).
      if (!channel.isWritable() || (queued > 0 && queued > channel.bytesBeforeUnwritable())) {
        if (channel.isActive()) {
          closed = true;
          long waiting = queued + (limit - channel.bytesBeforeUnwritable());
          Tasks.run(channel, () -> sink.tooSlow(waiting));
        }
        return false;
      }
    }
    if (!scheduled && channel.eventLoop().inEventLoop()) {
      // Sent from the channel's own event loop (a non-blocking handler, a fan-out reaching a
      // socket of the sender's loop) with no drain pending or under way: write at once, as the
      // baseline does. An event another thread is offering right now may still be on its way
      // into the queue; it is concurrent with this one, so either order is right. Inside a read
      // of this socket the flush waits for the read's end (flushSoon).
      write(event);
      sink.flushSoon();
      return true;
    }
    QUEUED_BYTES.getAndAdd(this, (long) size);
    events.offer(event);
    // In a fan-out (a group send) the drain joins the batch's one task for this event loop.
    if (SCHEDULED.compareAndSet(this, false, true)
        && !DeliveryBatch.defer(channel.eventLoop(), drain)
        && !Tasks.run(channel, drain)) {
      closed = true; // the event loop is gone: the server stopped
    }
    return true;
  }

  /** Drops everything waiting and everything offered from now on. */
  void close() {
    closed = true;
  }

  /** Returns whether the queue was closed. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Writes what is queued, in batches of {@value #BATCH}, then flushes. The {@code scheduled} flag
   * stays set until the queue is found empty at the end, so an event offered from the event loop
   * while a drain is pending or running (even from inside one of its writes) queues behind the
   * waiting events instead of overtaking them.
   */
  private void drain() {
    int written = 0;
    for (; ; ) {
      Object event;
      while ((event = events.poll()) != null) {
        QUEUED_BYTES.getAndAdd(this, (long) -sizeOf(event));
        if (closed) {
          ReferenceCountUtil.release(event);
          continue;
        }
        write(event);
        if (++written == BATCH && !events.isEmpty()) {
          // Let other channels of this loop run; the rest goes in the next task (still scheduled).
          if (!Tasks.run(channel, drain)) {
            closed = true; // the event loop is gone: the server stopped
          }
          sink.flush();
          return;
        }
      }
      scheduled = false;
      // An offer that saw the flag still set before it was cleared queued without scheduling:
      // take its event now, unless another drain was scheduled meanwhile.
      if (events.isEmpty() || !SCHEDULED.compareAndSet(this, false, true)) {
        break;
      }
    }
    if (written > 0) {
      sink.flush();
    }
  }

  private void write(Object event) {
    if (event instanceof ByteBuf frame) {
      sink.write(frame);
    } else if (event instanceof Message frame) {
      sink.write(frame);
    } else {
      sink.write((OutboundEvent) event);
    }
  }

  private static int sizeOf(Object event) {
    if (event instanceof ByteBuf frame) {
      return frame.readableBytes();
    }
    if (event instanceof Message frame) {
      return frame.get("text") instanceof String text ? text.length() : ((byte[]) frame.get("bytes")).length;
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
