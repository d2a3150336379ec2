package dev.switchboard.bench.jmh;

import dev.switchboard.Connection;
import dev.switchboard.ConnectionHandler;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.OutboundEvent;
import dev.switchboard.Scope;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.examples.chat.ChatConsumer;
import dev.switchboard.internal.ConnectionRunner;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.InMemoryChannelLayer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A client's {@code {"message": "..."}} through the chat example's JSON consumer, alone in its
 * room on the in-memory layer: parse, receiveJson, group send, and the frame back to the client
 * (nanoseconds per message).
 *
 * <ul>
 *   <li>{@code direct*}: the consumer's {@code handle} called on the benchmark thread with a
 *       connection that counts; dispatch cost without any thread hand-off.
 *   <li>{@code runner*}: the frame delivered to the consumer's {@link ConnectionRunner} as the
 *       server delivers it, waking the connection's virtual thread; one at a time, or 32 at once.
 * </ul>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class JsonDispatchBenchmark {
  private static final String FRAME = "{\"message\":\"hello from the benchmark\"}";
  private static final InboundEvent.WebSocketReceive RECEIVE = InboundEvent.WebSocketReceive.text(FRAME);
  private static final InboundEvent.ChannelMessage CHAT_MESSAGE =
      new InboundEvent.ChannelMessage(Message.of("chat.message", "message", "hello"));
  private static final int BATCH = 32;

  private InMemoryChannelLayer layer;
  private final Deliveries deliveries = new Deliveries();
  private ConnectionRunner runner;
  private ConnectionHandler direct;
  private final LongAdder directSent = new LongAdder();

  /** Opens one consumer on a runner and one bound directly to a counting connection. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    layer = new InMemoryChannelLayer();
    runner = new ConnectionRunner(scope("solo"), Consumer.app(ChatConsumer::new), layer, deliveries);
    runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    Deliveries.await(deliveries.accepted, 1, "the runner's consumer accepted");
    direct = Consumer.app(ChatConsumer::new).open(new CountingConnection(scope("direct"), layer, directSent));
    direct.handle(InboundEvent.WebSocketConnect.INSTANCE);
  }

  /** Closes the runner's connection and the layer. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    runner.deliver(new InboundEvent.WebSocketDisconnect(1001, "benchmark over"));
    runner.finished().orTimeout(10, TimeUnit.SECONDS).join();
    direct.handle(new InboundEvent.WebSocketDisconnect(1001, "benchmark over"));
    direct.closed();
    layer.close();
  }

  private static Scope scope(String room) {
    return Scope.builder(Scope.Type.WEBSOCKET, "/ws/chat/" + room + "/").pathParam("room", room).build();
  }

  /** A client frame handled on the calling thread: parse, receiveJson, group send to itself. */
  @Benchmark
  public void directFrame() throws Exception {
    direct.handle(RECEIVE);
  }

  /** A tutorial-shaped channel message handled on the calling thread: dispatch by type, encode. */
  @Benchmark
  public void directChannelMessage() throws Exception {
    direct.handle(CHAT_MESSAGE);
  }

  /** One client frame through the runner, waiting for the frame back. */
  @Benchmark
  public void runnerFrame() {
    long target = deliveries.messages.sum() + 1;
    runner.deliver(RECEIVE);
    Deliveries.await(deliveries.messages, target, "the frame back");
  }

  /** 32 client frames through the runner at once, waiting for all 32 back. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void runnerFrameBatch32() {
    long target = deliveries.messages.sum() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      runner.deliver(RECEIVE);
    }
    Deliveries.await(deliveries.messages, target, "32 frames back");
  }

  /** A connection that counts what its consumer sends and what the layer offers it. */
  private record CountingConnection(Scope scope, ChannelLayer channelLayer, LongAdder sent)
      implements Connection {
    @Override
    public String id() {
      return "bench";
    }

    @Override
    public void send(OutboundEvent event) {
      sent.increment();
    }

    @Override
    public boolean offer(Message message, int capacity) {
      sent.increment();
      return true;
    }
  }
}
