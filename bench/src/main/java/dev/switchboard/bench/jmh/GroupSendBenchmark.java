package dev.switchboard.bench.jmh;

import dev.switchboard.Application;
import dev.switchboard.InboundEvent;
import dev.switchboard.Message;
import dev.switchboard.Scope;
import dev.switchboard.consumer.Consumer;
import dev.switchboard.examples.chat.ChatConsumer;
import dev.switchboard.internal.ConnectionRunner;
import dev.switchboard.layer.InMemoryChannelLayer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One group send to 1,000 local members of the in-memory layer, until every member has handled
 * it; the score is per delivery (nanoseconds).
 *
 * <ul>
 *   <li>{@code listener}: members are bare subscriptions that count; the layer's loop alone.
 *   <li>{@code chat.message}: members are the chat example's consumers, each on its own {@link
 *       ConnectionRunner} as the server runs them; the tutorial-shaped message wakes each
 *       member's virtual thread, whose handler encodes and sends JSON.
 *   <li>{@code websocket.send}: the same members, sent a ready frame ({@link
 *       Message#textFrame}), which the runners forward without waking the consumers (the fast
 *       lane the chat example uses).
 * </ul>
 *
 * <p>The transport writes nothing, so this is the framework's cost above the socket.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(GroupSendBenchmark.MEMBERS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class GroupSendBenchmark {
  static final int MEMBERS = 1000;
  private static final String GROUP = "chat_lobby";

  @Param({"listener", "chat.message", "websocket.send"})
  public String path;

  private InMemoryChannelLayer layer;
  private final Deliveries deliveries = new Deliveries();
  private final LongAdder listened = new LongAdder();
  private final List<ConnectionRunner> runners = new ArrayList<>();
  private LongAdder counter;
  private Message message;

  /** Creates the layer and its 1,000 members. */
  @Setup(Level.Trial)
  public void setUp() {
    layer = new InMemoryChannelLayer();
    if (path.equals("listener")) {
      for (int i = 0; i < MEMBERS; i++) {
        String channel = layer.newChannel();
        layer.subscribe(channel, m -> {
          listened.increment();
          return true;
        });
        layer.groupAdd(GROUP, channel).join();
      }
      counter = listened;
      message = Message.textFrame("{\"message\":\"hello\"}");
      return;
    }
    Application app = Consumer.app(ChatConsumer::new);
    Scope scope = Scope.builder(Scope.Type.WEBSOCKET, "/ws/chat/lobby/").pathParam("room", "lobby").build();
    for (int i = 0; i < MEMBERS; i++) {
      ConnectionRunner runner = new ConnectionRunner(scope, app, layer, deliveries);
      runners.add(runner);
      runner.deliver(InboundEvent.WebSocketConnect.INSTANCE);
    }
    Deliveries.await(deliveries.accepted, MEMBERS, "every member accepted");
    counter = deliveries.messages;
    message = path.equals("chat.message")
        ? Message.of("chat.message", "message", "hello")
        : Message.textFrame("{\"message\":\"hello\"}");
  }

  /** Disconnects the members and closes the layer. */
  @TearDown(Level.Trial)
  public void tearDown() {
    for (ConnectionRunner r : runners) {
      r.deliver(new InboundEvent.WebSocketDisconnect(1001, "benchmark over"));
    }
    for (ConnectionRunner r : runners) {
      r.finished().orTimeout(10, TimeUnit.SECONDS).join();
    }
    layer.close();
  }

  /** Sends once to the group and waits until all 1,000 members have it. */
  @Benchmark
  public void groupSend() {
    long target = counter.sum() + MEMBERS;
    layer.groupSend(GROUP, message).join();
    Deliveries.await(counter, target, "1,000 deliveries of one group send");
  }
}
