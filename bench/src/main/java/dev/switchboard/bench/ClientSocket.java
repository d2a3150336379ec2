package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One socket of the load generator: a member of a room that checks and counts what it receives
 * and, for the first {@code senders} members of a room, a sender (closed loop or fixed rate).
 *
 * <p>Everything here runs on the socket's event loop; counters go to that loop's {@link Tally}.
 */
final class ClientSocket extends SimpleChannelInboundHandler<TextWebSocketFrame> {
  /** A closed-loop sender that has not seen its own message for this long sends the next. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final ClientRun run;
  private final int room;
  private final int localRoom;
  /** This socket's sender number within its room, or -1 for a plain member. */
  private final int senderIndex;
  private final long[] lastSeq;
  private final CompletableFuture<Boolean> handshake = new CompletableFuture<>();

  private volatile Channel channel;
  private Tally tally;
  private boolean handshaken;

  // sender state, on the event loop
  private long nextSeq;
  private long inflight = -1;
  private long lastSendNanos;
  private long firstTickNanos;
  private ScheduledFuture<?> timer;

  ClientSocket(ClientRun run, int room, int localRoom, int senderIndex, int sendersPerRoom) {
    super(true);
    this.run = run;
    this.room = room;
    this.localRoom = localRoom;
    this.senderIndex = senderIndex;
    this.lastSeq = new long[sendersPerRoom];
    Arrays.fill(lastSeq, -1);
  }

  /** Completes with true once the WebSocket is open, false if it failed. */
  CompletableFuture<Boolean> handshake() {
    return handshake;
  }

  /** Returns whether this socket is one of its room's senders. */
  boolean isSender() {
    return senderIndex >= 0;
  }

  /** Returns this socket's sender number within its room, or -1 for a plain member. */
  int senderIndex() {
    return senderIndex;
  }

  /** Returns the room's local index. */
  int localRoom() {
    return localRoom;
  }

  /** Returns the messages this socket sent; read after the I/O threads stopped. */
  long sent() {
    return nextSeq;
  }

  /** Returns the channel, once connected. */
  Channel channel() {
    return channel;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    tally = run.tally();
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      handshaken = true;
      handshake.complete(true);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      handshake.complete(false);
      ctx.close();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    handshake.complete(false);
    if (handshaken && !run.closing()) {
      run.closedEarly();
    }
    if (timer != null) {
      timer.cancel(false);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    handshake.complete(false);
    ctx.close();
  }

  /** Starts sending; called on any thread once every socket is open. */
  void startSending() {
    channel.eventLoop().execute(this::start);
  }

  private void start() {
    if (!channel.isActive()) {
      return;
    }
    double rate = run.plan().rate();
    if (rate > 0) {
      long period = Math.max(1, Math.round(1e9 / rate));
      // Spread senders over the period so a room's senders do not fire together.
      long delay = (long) (Math.random() * period);
      firstTickNanos = System.nanoTime() + delay;
      timer = channel.eventLoop().scheduleAtFixedRate(this::tick, delay, period, TimeUnit.NANOSECONDS);
    } else {
      sendBurst(System.nanoTime());
      timer = channel.eventLoop().scheduleAtFixedRate(this::checkStall, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** Fixed rate: stamps each message with its intended send time, so a late client shows. */
  private void tick() {
    if (!run.sending()) {
      timer.cancel(false);
      return;
    }
    long period = Math.max(1, Math.round(1e9 / run.plan().rate()));
    send(firstTickNanos + nextSeq * period);
  }

  private void checkStall() {
    if (!run.sending()) {
      timer.cancel(false);
      return;
    }
    if (System.nanoTime() - lastSendNanos > STALL_NANOS) {
      tally.stalls++;
      sendBurst(System.nanoTime());
    }
  }

  /** Closed loop: sends a burst; the last message's return triggers the next. */
  private void sendBurst(long stamp) {
    for (int i = run.plan().burst(); i > 0; i--) {
      send(stamp);
    }
  }

  private void send(long stamp) {
    if (!run.sending() || !channel.isActive()) {
      return;
    }
    long seq = nextSeq++;
    inflight = seq;
    lastSendNanos = System.nanoTime();
    ByteBuf text = Payloads.encode(channel.alloc(), run.senderId(room, senderIndex), seq, stamp, run.plan().payload());
    run.owed(localRoom);
    run.sentOne();
    channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    long[] f = tally.fields;
    if (!Payloads.decode(frame.content(), f)) {
      tally.unparsed++;
      return;
    }
    long now = System.nanoTime();
    int senders = lastSeq.length;
    long gid = f[0];
    long seq = f[1];
    if (senders == 0 || gid >= (long) run.plan().rooms() * senders || gid / senders != room) {
      tally.misrouted++;
      return;
    }
    int s = (int) (gid % senders);
    tally.counts[localRoom * senders + s].increment(seq);
    tally.deliveries++;
    run.delivered();
    if (seq <= lastSeq[s]) {
      tally.outOfOrder++;
    } else {
      lastSeq[s] = seq;
    }
    if (run.measuring()) {
      tally.windowDeliveries++;
    }
    if (run.inWindow(f[2])) {
      tally.latency(now - f[2]);
    }
    if (s == senderIndex && seq == inflight && run.plan().rate() == 0) {
      inflight = -1;
      sendBurst(System.nanoTime());
    }
  }
}
