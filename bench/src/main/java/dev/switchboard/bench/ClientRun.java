package dev.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One load generator process's run: opens its share of the sockets, sends for the warm-up and
 * the measured window, drains, closes, and adds up what every socket saw.
 *
 * <p>The phases are reported to {@link Hooks}, which the caller uses to read the server's CPU
 * and memory at the window's edges (or, in a child process, to wait for the parent's go).
 */
final class ClientRun {
  /** Callbacks at the phase boundaries, on the thread that called {@link #run}. */
  interface Hooks {
    /** Before the first socket connects. */
    default void beforeConnect() throws Exception {}

    /** Every socket is open or has failed; returns when the load may start. */
    default void connected(int ok, int failed) throws Exception {}

    /** The measured window starts. */
    default void windowStart() throws Exception {}

    /** The measured window ends. */
    default void windowEnd() throws Exception {}
  }

  private static final int CONNECTING = 0;
  private static final int WARMUP = 1;
  private static final int MEASURE = 2;
  private static final int DRAIN = 3;
  private static final int CLOSING = 4;

  private final LoadPlan plan;
  private final int senders;
  private final int[] roomSize;
  private final ThreadLocal<Tally> tallies;
  private final ConcurrentLinkedQueue<Tally> allTallies = new ConcurrentLinkedQueue<>();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder owed = new LongAdder();
  private final LongAdder windowSent = new LongAdder();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private volatile int phase = CONNECTING;
  // Send times (System.nanoTime) bounding the measured window; latency is recorded for the
  // messages sent inside it, whenever they arrive, so late ones are not left out.
  private volatile long windowFrom = Long.MAX_VALUE;
  private volatile long windowTo = Long.MAX_VALUE;

  ClientRun(LoadPlan plan) {
    this.plan = plan;
    this.senders = plan.sendersPerRoom();
    this.roomSize = new int[plan.localRooms()];
    int localSenders = plan.localRooms() * senders;
    this.tallies =
        ThreadLocal.withInitial(
            () -> {
              Tally t = new Tally(localSenders);
              allTallies.add(t);
              return t;
            });
  }

  LoadPlan plan() {
    return plan;
  }

  Tally tally() {
    return tallies.get();
  }

  boolean sending() {
    int p = phase;
    return p == WARMUP || p == MEASURE;
  }

  boolean measuring() {
    return phase == MEASURE;
  }

  /** Returns whether a message sent at {@code stamp} belongs to the measured window. */
  boolean inWindow(long stamp) {
    long from = windowFrom;
    return from != Long.MAX_VALUE && stamp - from >= 0 && (windowTo == Long.MAX_VALUE || stamp - windowTo < 0);
  }

  boolean closing() {
    return phase == CLOSING;
  }

  void closedEarly() {
    closedEarly.incrementAndGet();
  }

  void delivered() {
    delivered.increment();
  }

  /** Records that a message was sent to a room: its connected members are owed a copy. */
  void owed(int localRoom) {
    owed.add(roomSize[localRoom]);
  }

  /** Records that a message was sent; counted when it was sent during the measured window. */
  void sentOne() {
    if (phase == MEASURE) {
      windowSent.increment();
    }
  }

  /** Returns the messages (group sends) sent during the measured window. */
  long windowSent() {
    return windowSent.sum();
  }

  /** Returns the global number of sender {@code index} of {@code room}. */
  int senderId(int room, int index) {
    return room * senders + index;
  }

  /** Runs the whole load and returns what this process measured. */
  RunResult run(Hooks hooks) throws Exception {
    EventLoopGroup group = Transports.group(plan.threads(), "loadgen-io");
    List<ClientSocket> sockets = new ArrayList<>(plan.localSockets());
    try {
      hooks.beforeConnect();
      int failed = connectAll(group, sockets);
      int ok = sockets.size() - failed;
      for (ClientSocket s : sockets) {
        if (s.handshake().getNow(false)) {
          roomSize[s.localRoom()]++;
        }
      }
      hooks.connected(ok, failed);
      return load(hooks, sockets, ok, failed);
    } finally {
      phase = CLOSING;
      for (ClientSocket s : sockets) {
        Channel ch = s.channel();
        if (ch != null) {
          ch.close();
        }
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }

  private RunResult load(Hooks hooks, List<ClientSocket> sockets, int ok, int failed)
      throws Exception {
    long cpuStart;
    long cpuEnd;
    long windowStart;
    long windowEnd;
    if (plan.idle()) {
      phase = MEASURE;
      hooks.windowStart();
      cpuStart = processCpuNanos();
      windowStart = System.nanoTime();
      Thread.sleep(plan.duration().toMillis());
    } else {
      phase = WARMUP;
      for (ClientSocket s : sockets) {
        if (s.isSender() && s.handshake().getNow(false)) {
          s.startSending();
        }
      }
      Thread.sleep(plan.warmup().toMillis());
      hooks.windowStart();
      cpuStart = processCpuNanos();
      windowStart = System.nanoTime();
      windowFrom = windowStart;
      phase = MEASURE;
      Thread.sleep(plan.duration().toMillis());
    }
    phase = DRAIN;
    windowEnd = System.nanoTime();
    windowTo = windowEnd;
    cpuEnd = processCpuNanos();
    hooks.windowEnd();
    drain();
    phase = CLOSING;
    for (ClientSocket s : sockets) {
      if (s.channel() != null) {
        s.channel().close();
      }
    }
    return tallyUp(sockets, ok, failed, (windowEnd - windowStart) / 1e9, (cpuEnd - cpuStart) / 1e9);
  }

  /**
   * Waits for the deliveries still owed: until all arrived, or none arrived for the drain
   * period, or six drain periods (at least 30 s) passed; what is still missing then is lost.
   */
  private void drain() throws InterruptedException {
    long quiet = plan.drain().toNanos();
    long now = System.nanoTime();
    long hardStop = now + Math.max(TimeUnit.SECONDS.toNanos(30), 6 * quiet);
    long lastProgress = now;
    long last = -1;
    while (now - hardStop < 0) {
      long d = delivered.sum();
      if (d >= owed.sum()) {
        return;
      }
      if (d != last) {
        last = d;
        lastProgress = now;
      } else if (now - lastProgress > quiet) {
        return;
      }
      Thread.sleep(20);
      now = System.nanoTime();
    }
  }

  /** Opens every socket with at most connectConcurrency handshakes in flight; returns failures. */
  private int connectAll(EventLoopGroup group, List<ClientSocket> sockets) throws Exception {
    Semaphore inFlight = new Semaphore(plan.connectConcurrency());
    Bootstrap base =
        new Bootstrap()
            .group(group)
            .channel(Transports.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    if (Transports.epoll()) {
      // Pick the local port at connect time by the full 4-tuple, not at bind time per address,
      // so tens of thousands of sockets fit in the ephemeral range of a few source addresses.
      base.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
    List<InetSocketAddress> locals = new ArrayList<>();
    for (String ip : plan.sourceIps()) {
      locals.add(new InetSocketAddress(ip, 0));
    }
    int n = 0;
    for (int lr = 0; lr < plan.localRooms(); lr++) {
      int room = plan.globalRoom(lr);
      for (int m = 0; m < plan.members(); m++) {
        int port = plan.portOf(room, m);
        InetSocketAddress remote = new InetSocketAddress(plan.host(), port);
        URI uri = URI.create("ws://" + plan.host() + ":" + port + "/ws/chat/room" + room + "/");
        ClientSocket socket = new ClientSocket(this, room, lr, m < senders ? m : -1, senders);
        sockets.add(socket);
        if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
          // nothing completed for 30 s: the server is not accepting; stop trying
          socket.handshake().complete(false);
          continue;
        }
        socket.handshake().whenComplete((r, e) -> inFlight.release());
        base.clone()
            .handler(initializer(uri, socket))
            .connect(remote, locals.get(n++ % locals.size()))
            .addListener(
                f -> {
                  if (!f.isSuccess()) {
                    socket.handshake().complete(false);
                  }
                });
      }
    }
    // Wait for the last handshakes: every permit back, or 30 s more.
    if (inFlight.tryAcquire(plan.connectConcurrency(), 30, TimeUnit.SECONDS)) {
      inFlight.release(plan.connectConcurrency());
    }
    int failed = 0;
    for (ClientSocket s : sockets) {
      if (s.handshake().complete(false)) {
        // still pending after the wait: give up on it, so it cannot join the room late
        Channel ch = s.channel();
        if (ch != null) {
          ch.close();
        }
      }
      if (!s.handshake().join()) {
        failed++;
      }
    }
    return failed;
  }

  private ChannelInitializer<SocketChannel> initializer(URI uri, ClientSocket socket) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (plan.origin() != null) {
      headers.set(HttpHeaderNames.ORIGIN, plan.origin());
    }
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(headers)
            .generateOriginHeader(false)
            .maxFramePayloadLength(65536)
            .handshakeTimeoutMillis(20_000)
            .dropPongFrames(true)
            .withUTF8Validator(false)
            .build();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline()
            .addLast(new HttpClientCodec())
            .addLast(new HttpObjectAggregator(8192))
            .addLast(new WebSocketClientProtocolHandler(config))
            .addLast(new WebSocketFrameAggregator(65536))
            .addLast(socket);
      }
    };
  }

  private RunResult tallyUp(
      List<ClientSocket> sockets, int ok, int failed, double windowSeconds, double cpuSeconds) {
    Tally sum = new Tally(0);
    Histogram latency = new Histogram(Tally.MAX_LATENCY_US, 3);
    List<Tally> ts = List.copyOf(allTallies);
    for (Tally t : ts) {
      sum.deliveries += t.deliveries;
      sum.windowDeliveries += t.windowDeliveries;
      sum.misrouted += t.misrouted;
      sum.outOfOrder += t.outOfOrder;
      sum.unparsed += t.unparsed;
      sum.stalls += t.stalls;
      latency.add(t.latencyUs);
    }
    long sent = 0;
    long expected = 0;
    long lost = 0;
    long duplicates = 0;
    for (ClientSocket s : sockets) {
      if (!s.isSender()) {
        continue;
      }
      int local = s.localRoom() * senders + s.senderIndex();
      int owedEach = roomSize[s.localRoom()];
      long n = s.sent();
      sent += n;
      expected += n * owedEach;
      for (long seq = 0; seq < n; seq++) {
        int got = 0;
        for (Tally t : ts) {
          got += t.counts[local].get(seq);
        }
        if (got < owedEach) {
          lost += owedEach - got;
        } else {
          duplicates += got - owedEach;
        }
      }
    }
    return new RunResult(
        ok,
        failed,
        closedEarly.get(),
        sent,
        sum.deliveries,
        expected,
        lost,
        duplicates,
        sum.misrouted,
        sum.outOfOrder,
        sum.unparsed,
        sum.stalls,
        sum.windowDeliveries,
        windowSeconds,
        cpuSeconds,
        latency);
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }
}
