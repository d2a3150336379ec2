package dev.switchboard.internal;

import dev.switchboard.Application;
import dev.switchboard.CloseCodes;
import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.Nullable;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.MessageListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's {@link Application}: an inbox of events handled one at a time, in
 * order, on a virtual thread of the connection's own.
 *
 * <p>The virtual thread is started when events are waiting and ends when the inbox is empty, so
 * an idle connection holds no thread; at most one runs per connection at any time. Transports
 * (the server, the testing communicators) create one runner per connection, feed it with {@link
 * #deliver} and carry out what it sends through their {@link Transport}.
 *
 * <p>Client events are bounded: when more than {@value #PAUSE_AT} wait, the transport is asked to
 * stop reading the socket until the handler catches up. Channel messages are bounded by the
 * capacity passed to {@link #offer}.
 *
 * <p>Internal API: used by Switchboard's own modules, not by applications.
 */
public final class ConnectionRunner implements Connection, MessageListener {
  /** What a runner needs from the transport that carries its connection. */
  public interface Transport {
    /** Carries out an outbound event, in order. Called from any thread; must not block. */
    void send(OutboundEvent event);

    /** Stops ({@code true}) or resumes ({@code false}) reading from the client. */
    default void pauseReading(boolean pause) {}

    /**
     * Writes a ready {@code websocket.send} frame message to the client, from any thread. The
     * default converts it to an {@link OutboundEvent.WebSocketSend}; the server overrides it to
     * encode the message once for every recipient ({@link Message#utf8}).
     */
    default void forward(Message frame) {
      send(
          frame.get("text") instanceof String text
              ? OutboundEvent.WebSocketSend.text(text)
              : OutboundEvent.WebSocketSend.bytes((byte[]) frame.get("bytes")));
    }

    /**
     * Returns the most bytes of ready frames that may wait in the runner's inbox for this
     * connection (behind channel messages its handler is still working through). The server
     * uses its outbound buffer limit; the default has no bound.
     */
    default long frameBacklogLimit() {
      return Long.MAX_VALUE;
    }

    /**
     * Ends the connection because more than {@link #frameBacklogLimit} bytes of frames were
     * waiting for it ({@code waitingBytes}): called once, from any thread; must not block. Frames
     * offered afterwards are dropped, since the connection is closing. The default sends a close
     * with {@link CloseCodes#TRY_AGAIN_LATER}.
     */
    default void frameBacklogExceeded(long waitingBytes) {
      send(
          new OutboundEvent.WebSocketClose(
              CloseCodes.TRY_AGAIN_LATER,
              "too far behind: more than " + frameBacklogLimit() + " bytes waiting"));
    }
  }

  /** A ready frame waiting in the inbox behind channel messages, with its size in bytes. */
  private record QueuedFrame(Message frame, int size) {}

  static final int PAUSE_AT = 64;
  static final int RESUME_AT = 16;

  private static final Logger log = LoggerFactory.getLogger(ConnectionRunner.class);
  private static final AtomicLong IDS = new AtomicLong();
  private static final ThreadFactory THREADS = Thread.ofVirtual().name("switchboard-conn").factory();
  private static final VarHandle RUNNING;
  private static final VarHandle PENDING_CLIENT_EVENTS;
  private static final VarHandle READING_PAUSED;
  private static final VarHandle PENDING_MESSAGES;
  private static final VarHandle HANDLER_MESSAGES;
  private static final VarHandle FRAME_BYTES;
  private static final VarHandle FINISHED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RUNNING = lookup.findVarHandle(ConnectionRunner.class, "running", int.class);
      PENDING_CLIENT_EVENTS =
          lookup.findVarHandle(ConnectionRunner.class, "pendingClientEvents", int.class);
      READING_PAUSED = lookup.findVarHandle(ConnectionRunner.class, "readingPaused", boolean.class);
      PENDING_MESSAGES = lookup.findVarHandle(ConnectionRunner.class, "pendingMessages", int.class);
      HANDLER_MESSAGES = lookup.findVarHandle(ConnectionRunner.class, "handlerMessages", int.class);
      FRAME_BYTES = lookup.findVarHandle(ConnectionRunner.class, "frameBytes", long.class);
      FINISHED =
          lookup.findVarHandle(ConnectionRunner.class, "finished", CompletableFuture.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The number behind id(); its string is made when asked for (logs), not kept by every socket.
  private final long seq;
  private final Scope scope;
  private final Application application;
  private final @Nullable ChannelLayer layer;
  private final Transport transport;
  // Holds InboundEvents and QueuedFrames.
  private final Inbox<Object> inbox = new Inbox<>();
  // Counters and flags are plain volatile fields updated through VarHandles rather than atomic
  // objects: a socket keeps fewer objects, and a fan-out touches fewer cache lines per member.
  // 0 idle, 1 a drain (the virtual thread, or inline on the I/O thread) handles events.
  private volatile int running;
  private volatile int pendingClientEvents;
  // Whether this runner asked the transport to stop reading: set when delivery crosses PAUSE_AT,
  // cleared when draining reaches RESUME_AT, so every pause is matched by one resume.
  private volatile boolean readingPaused;
  // Channel messages and queued frames waiting in the inbox or being handled: while it is not 0 a
  // ready frame must queue behind them to keep the connection's order. Decremented only after
  // the message was handled, so whatever the handler sent for it is in the outbound queue first.
  private volatile int pendingMessages;
  // The channel messages among them that the handler must process, bounded by the capacity.
  private volatile int handlerMessages;
  // Bytes of the queued frames, bounded by the transport's frameBacklogLimit.
  private volatile long frameBytes;
  private volatile boolean closingBehind;
  // Created by the first finished() call, or completed already by finish() if that came first:
  // most connections are only watched once they end, so an open socket holds none.
  private volatile @Nullable CompletableFuture<Void> finished;

  // Set by the connection's virtual thread, read by senders deciding on the fast lane.
  private volatile @Nullable ConnectionHandler handler;
  private volatile boolean forwardsFrames;
  private volatile boolean inline;
  private volatile @Nullable Thread drainThread;

  // Touched only by the connection's virtual thread (one at a time; the hand-off through the
  // running flag orders the accesses).
  private boolean failed;
  // Whether the event being handled is a channel message (it counts in pendingMessages).
  private boolean inChannelMessage;

  // The capacity of the layer channel this runner listens on itself (listener), 0 until then.
  private volatile int listenerCapacity;

  // Written by send() from any thread; read to choose how to report a failure.
  private volatile boolean accepted;
  private volatile boolean responseStarted;
  private volatile boolean terminated;

  /**
   * Creates a runner; nothing runs until the first {@link #deliver}.
   *
   * @param scope the connection's scope
   * @param application the application to open for it
   * @param layer the server's channel layer, or null
   * @param transport the transport carrying the connection
   */
  public ConnectionRunner(
      Scope scope, Application application, @Nullable ChannelLayer layer, Transport transport) {
    this.seq = IDS.incrementAndGet();
    this.scope = Objects.requireNonNull(scope, "scope");
    this.application = Objects.requireNonNull(application, "application");
    this.layer = layer;
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  @Override
  public String id() {
    return "c" + seq;
  }

  @Override
  public Scope scope() {
    return scope;
  }

  @Override
  public @Nullable ChannelLayer channelLayer() {
    return layer;
  }

  @Override
  public void send(OutboundEvent event) {
    Objects.requireNonNull(event, "event");
    if (event instanceof OutboundEvent.HttpResponseStart) {
      responseStarted = true;
    }
    transport.send(event);
    if (event instanceof OutboundEvent.WebSocketAccept) {
      // Set once the accept is queued: a frame that sees it goes to the socket after the accept.
      accepted = true;
    }
  }

  /**
   * Queues an event from the client (or the transport) for the handler. Thread-safe, never
   * blocks. Events after the connection's terminal event are ignored.
   */
  public void deliver(InboundEvent event) {
    Objects.requireNonNull(event, "event");
    if (terminated) {
      return;
    }
    if (inline && event instanceof InboundEvent.WebSocketReceive && runInline(event)) {
      return;
    }
    if (event instanceof InboundEvent.ChannelMessage m) {
      offer(m.message(), Integer.MAX_VALUE); // counted and ordered as channel messages are
      return;
    }
    if ((int) PENDING_CLIENT_EVENTS.getAndAdd(this, 1) + 1 > PAUSE_AT
        && READING_PAUSED.compareAndSet(this, false, true)) {
      transport.pauseReading(true);
    }
    inbox.offer(event);
    schedule();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The fast lane: a ready {@code websocket.send} frame for a WebSocket whose handler does not
   * handle that type is written to the client at once, from the caller's thread, when no channel
   * message or frame is waiting or being handled; otherwise it queues behind them, so
   * per-connection order holds on both paths. Such frames never count against {@code capacity}:
   * the bytes of those queued are bounded by the transport ({@link
   * Transport#frameBacklogLimit}), and past that bound the connection is closed ({@link
   * Transport#frameBacklogExceeded}) rather than a frame dropped while it stays open. Other
   * messages are refused past {@code capacity}, unless the handler sends them to itself.
   */
  @Override
  public boolean offer(Message message, int capacity) {
    if (terminated) {
      return true; // the connection is gone; the message is dropped without blaming the sender
    }
    boolean self = drainThread == Thread.currentThread();
    if (forwardsFrames && message.type().equals(Message.WEBSOCKET_SEND)) {
      if (accepted && nothingAhead(self)) {
        transport.forward(message);
      } else {
        queueFrame(message);
      }
      return true;
    }
    // A handler's messages to its own connection are never refused: they are bounded by the
    // client events being handled, which reading backpressure bounds in turn.
    if ((int) HANDLER_MESSAGES.getAndAdd(this, 1) + 1 > capacity && !self) {
      HANDLER_MESSAGES.getAndAdd(this, -1);
      return false;
    }
    PENDING_MESSAGES.getAndAdd(this, 1);
    inbox.offer(new InboundEvent.ChannelMessage(message));
    schedule();
    return true;
  }

  /**
   * Returns whether no channel message or frame is waiting or being handled ahead of a frame
   * offered now. Client events don't count: they arrived independently of channel messages, and
   * the handler's replies to them are ordered by the handler. From the handler itself, the
   * channel message it is handling doesn't count either: what it sent for it is written already.
   */
  private boolean nothingAhead(boolean self) {
    int ahead = pendingMessages;
    return self ? ahead == (inChannelMessage ? 1 : 0) : ahead == 0;
  }

  /**
   * Queues a frame behind the channel messages ahead of it; past the transport's bound the
   * connection is closed instead, once, and the frame dropped with it.
   */
  private void queueFrame(Message frame) {
    if (closingBehind) {
      return; // the connection is being closed for it
    }
    int size = frameSize(frame);
    long waiting = (long) FRAME_BYTES.getAndAdd(this, (long) size) + size;
    // A single frame larger than the bound still queues when nothing else waits.
    if (waiting > transport.frameBacklogLimit() && waiting > size) {
      FRAME_BYTES.getAndAdd(this, (long) -size);
      closingBehind = true;
      log.warn("conn[{}] {}: more than {} bytes of frames waiting; closing it",
          id(), scope, transport.frameBacklogLimit());
      transport.frameBacklogExceeded(waiting - size);
      return;
    }
    PENDING_MESSAGES.getAndAdd(this, 1);
    inbox.offer(new QueuedFrame(frame, size));
    schedule();
  }

  private static int frameSize(Message frame) {
    return frame.get("text") instanceof String text
        ? text.length()
        : frame.get("bytes") instanceof byte[] bytes ? bytes.length : 0;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The runner is its own listener for the first capacity asked for (a consumer's channel), so
   * a group send reaches it without a wrapper in between.
   */
  @Override
  public MessageListener listener(int capacity) {
    if (listenerCapacity == 0 && capacity > 0) {
      listenerCapacity = capacity;
    }
    if (capacity == listenerCapacity) {
      return this;
    }
    return new MessageListener() {
      @Override
      public boolean offer(Message message) {
        return ConnectionRunner.this.offer(message, capacity);
      }

      @Override
      public void overflowed(String channel, int full) {
        ConnectionRunner.this.overflowed(channel, full);
      }
    };
  }

  /**
   * Closes a WebSocket whose channel overflowed under {@link dev.switchboard.layer.Overflow#DISCONNECT}
   * with 1013 and a reason naming the channel's capacity; once. Other connections carry on: an
   * HTTP response has no channel to overflow, and a channel consumer has no client to tell.
   */
  @Override
  public void overflowed(String channel, int capacity) {
    if (scope.type() != Scope.Type.WEBSOCKET || terminated || closingBehind) {
      return;
    }
    closingBehind = true;
    log.warn("conn[{}] {}: channel full ({} messages waiting); closing it", id(), scope, capacity);
    transport.send(
        new OutboundEvent.WebSocketClose(
            CloseCodes.TRY_AGAIN_LATER,
            "too far behind: " + capacity + " messages waiting for this consumer"));
  }

  /** Takes a message from the layer channel this runner listens on ({@link #listener}). */
  @Override
  public boolean offer(Message message) {
    return offer(message, listenerCapacity);
  }

  /**
   * Handles a client message of a {@link ConnectionHandler#nonBlocking} handler on the calling
   * (I/O) thread, when nothing is waiting or running: order holds because the running flag
   * excludes the virtual thread, exactly as a drain would.
   *
   * @return false if the event must queue instead
   */
  private boolean runInline(InboundEvent event) {
    if (!inbox.isEmpty() || !RUNNING.compareAndSet(this, 0, 1)) {
      return false;
    }
    drainThread = Thread.currentThread(); // the handler's sends to itself take the direct path
    try {
      process(event);
    } finally {
      drainThread = null;
      running = 0;
      if (!inbox.isEmpty()) {
        schedule(); // events queued meanwhile (channel messages) go to the virtual thread
      }
    }
    return true;
  }

  /** Returns whether events are being handled right now (for tests). */
  boolean busy() {
    return running != 0;
  }

  /**
   * Returns a future that completes once the terminal event has been handled; the same future on
   * every call.
   */
  public CompletableFuture<Void> finished() {
    CompletableFuture<Void> f = finished;
    if (f != null) {
      return f;
    }
    // Installed with a CAS: a concurrent finish() either completes this one or installs its own
    // completed future first, which every caller then gets.
    CompletableFuture<Void> created = new CompletableFuture<>();
    @SuppressWarnings("unchecked")
    CompletableFuture<Void> witness =
        (CompletableFuture<Void>) FINISHED.compareAndExchange(this, null, created);
    return witness != null ? witness : created;
  }

  private void schedule() {
    if (RUNNING.compareAndSet(this, 0, 1)) {
      THREADS.newThread(this::drain).start();
    }
  }

  private void drain() {
    Thread me = Thread.currentThread();
    drainThread = me;
    try {
      drainLoop();
    } finally {
      if (drainThread == me) {
        drainThread = null;
      }
    }
  }

  private void drainLoop() {
    for (; ; ) {
      Object item;
      while ((item = inbox.poll()) != null) {
        if (item instanceof QueuedFrame queued) {
          FRAME_BYTES.getAndAdd(this, (long) -queued.size());
          if (!terminated && !failed) {
            transport.forward(queued.frame());
          }
          PENDING_MESSAGES.getAndAdd(this, -1);
        } else if (item instanceof InboundEvent.ChannelMessage message) {
          HANDLER_MESSAGES.getAndAdd(this, -1);
          inChannelMessage = true;
          try {
            process(message);
          } finally {
            inChannelMessage = false;
            PENDING_MESSAGES.getAndAdd(this, -1);
          }
        } else {
          int left = (int) PENDING_CLIENT_EVENTS.getAndAdd(this, -1) - 1;
          if (left <= RESUME_AT && READING_PAUSED.compareAndSet(this, true, false)) {
            transport.pauseReading(false);
          }
          process((InboundEvent) item);
        }
      }
      running = 0;
      if (inbox.isEmpty() || !RUNNING.compareAndSet(this, 0, 1)) {
        return;
      }
    }
  }

  private void process(InboundEvent event) {
    CompletableFuture<Void> f = finished;
    if (f != null && f.isDone()) {
      return;
    }
    boolean terminal =
        event instanceof InboundEvent.WebSocketDisconnect
            || event instanceof InboundEvent.HttpDisconnect;
    if (terminal) {
      terminated = true;
    }
    try {
      ConnectionHandler h = handler;
      if (h == null && !failed) {
        h = application.open(this);
        handler = h;
        forwardsFrames =
            scope.type() == Scope.Type.WEBSOCKET && !h.handles(Message.WEBSOCKET_SEND);
        inline = scope.type() == Scope.Type.WEBSOCKET && h.nonBlocking();
      }
      if (h != null && (!failed || terminal)) {
        h.handle(event);
      }
    } catch (Throwable e) {
      fail(event, e);
    }
    if (terminal) {
      finish();
    }
  }

  private void fail(InboundEvent event, Throwable e) {
    if (e instanceof Error err && !(e instanceof StackOverflowError)) {
      log.error("conn[{}] {}: fatal error handling {}", id(), scope, event, err);
    } else {
      log.error("conn[{}] {}: application failed handling {}", id(), scope, event, e);
    }
    if (failed || terminated) {
      return;
    }
    failed = true;
    switch (scope.type()) {
      case WEBSOCKET ->
          transport.send(
              accepted
                  ? new OutboundEvent.WebSocketClose(CloseCodes.INTERNAL_ERROR, "internal error")
                  : new OutboundEvent.WebSocketDeny(500, "internal error"));
      case HTTP -> {
        if (!responseStarted) {
          transport.send(
              new OutboundEvent.HttpResponseStart(
                  500, Headers.of("content-type", "text/plain; charset=utf-8")));
          transport.send(
              new OutboundEvent.HttpResponseBody(
                  "internal error\n".getBytes(StandardCharsets.UTF_8), false));
        } else {
          transport.send(new OutboundEvent.HttpResponseBody(new byte[0], false));
        }
      }
      case CHANNEL -> {
        // a channel consumer has no client to tell; the failure is logged and it carries on
        failed = false;
      }
    }
  }

  private void finish() {
    try {
      ConnectionHandler h = handler;
      if (h != null) {
        h.closed();
      }
    } catch (Throwable e) {
      log.warn("conn[{}] {}: closed() hook failed", id(), scope, e);
    } finally {
      CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
      @SuppressWarnings("unchecked")
      CompletableFuture<Void> watched =
          (CompletableFuture<Void>) FINISHED.compareAndExchange(this, null, done);
      if (watched != null) {
        watched.complete(null);
      }
    }
  }

  @Override
  public String toString() {
    return "conn[" + id() + "] " + scope;
  }
}
