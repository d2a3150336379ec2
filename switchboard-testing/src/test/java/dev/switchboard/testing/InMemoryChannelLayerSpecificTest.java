package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.Message;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.layer.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What only the in-memory layer can show: default expiries on an injected clock (no 24 h wait), the
 * sweeper, direct delivery on the sender's thread and the semantics it chose where the interface
 * leaves room.
 */
@Timeout(30)
class InMemoryChannelLayerSpecificTest {
  /** A clock moved by hand; it starts just before the long range wraps, to prove that is safe. */
  static final class ManualClock implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofHours(1).toNanos());

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long getAsLong() {
      return nanos.get();
    }
  }

  private final ManualClock clock = new ManualClock();
  private final List<InMemoryChannelLayer> layers = new ArrayList<>();

  private InMemoryChannelLayer layer(LayerConfig config, Duration sweepInterval) {
    InMemoryChannelLayer layer = new InMemoryChannelLayer(config, clock, sweepInterval);
    layers.add(layer);
    return layer;
  }

  private InMemoryChannelLayer layer() {
    return layer(
        LayerConfig.DEFAULTS, InMemoryChannelLayer.defaultSweepInterval(LayerConfig.DEFAULTS));
  }

  @AfterEach
  void closeLayers() {
    layers.forEach(InMemoryChannelLayer::close);
  }

  private static Message msg(int n) {
    return Message.of("test.message", "n", n);
  }

  private static <T> T get(CompletableFuture<T> future, String what) throws Exception {
    try {
      return future.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what, e);
    }
  }

  /** Checks, through per-channel FIFO, that nothing is queued on {@code channel}. */
  private static void assertNothingQueued(InMemoryChannelLayer layer, String channel)
      throws Exception {
    Message marker = Message.of("test.marker");
    get(layer.send(channel, marker), "marker send");
    assertThat(get(layer.receive(channel), "marker")).isEqualTo(marker);
  }

  @Test
  void defaultGroupExpiryIs24Hours() throws Exception {
    InMemoryChannelLayer layer = layer();
    get(layer.groupAdd("room", "member"), "groupAdd");
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    get(layer.groupSend("room", msg(1)), "groupSend");
    assertThat(get(layer.receive("member"), "group message")).isEqualTo(msg(1));

    clock.advance(Duration.ofSeconds(1));
    get(layer.groupSend("room", msg(2)), "groupSend after 24 h");
    assertNothingQueued(layer, "member");
    assertThat(layer.groupCount()).as("expired membership removed, empty group with it").isZero();
  }

  @Test
  void groupAddRenewsFor24HoursFromTheRenewal() throws Exception {
    InMemoryChannelLayer layer = layer();
    get(layer.groupAdd("room", "member"), "groupAdd");
    clock.advance(Duration.ofHours(23));
    get(layer.groupAdd("room", "member"), "renewal");
    clock.advance(Duration.ofHours(23));
    get(layer.groupSend("room", msg(1)), "groupSend 46 h after the first add");
    assertThat(get(layer.receive("member"), "group message")).isEqualTo(msg(1));
    clock.advance(Duration.ofHours(1));
    get(layer.groupSend("room", msg(2)), "groupSend 24 h after the renewal");
    assertNothingQueued(layer, "member");
  }

  @Test
  void messagesExpireAfter60SecondsByDefault() throws Exception {
    InMemoryChannelLayer layer = layer();
    get(layer.send("inbox", msg(1)), "send 1");
    get(layer.send("inbox", msg(2)), "send 2");
    clock.advance(Duration.ofSeconds(59));
    assertThat(get(layer.receive("inbox"), "message 1")).isEqualTo(msg(1));
    clock.advance(Duration.ofSeconds(1));
    get(layer.send("inbox", msg(3)), "send 3");
    assertThat(get(layer.receive("inbox"), "message 3")).isEqualTo(msg(3));
    assertThat(layer.stats().expired()).isEqualTo(1);
  }

  @Test
  void sweeperFreesAbandonedChannelsAndGroups() {
    InMemoryChannelLayer layer = layer(LayerConfig.DEFAULTS, Duration.ofMillis(20));
    for (int c = 0; c < 100; c++) {
      for (int i = 0; i < 3; i++) {
        layer.send("abandoned." + c, msg(i)).join();
      }
    }
    for (int g = 0; g < 10; g++) {
      for (int m = 0; m < 5; m++) {
        layer.groupAdd("group" + g, "member." + m).join();
      }
    }
    // a receive abandoned by its caller leaves an idle channel that the sweeper removes
    layer.receive("probe").cancel(true);
    assertThat(layer.channelCount()).isEqualTo(101);
    await("the sweeper to remove the idle probe channel")
        .atMost(Duration.ofSeconds(5))
        .until(() -> layer.channelCount() == 100);
    assertThat(layer.groupCount()).as("live memberships survive sweeps").isEqualTo(10);

    clock.advance(Duration.ofSeconds(61));
    await("the sweeper to free channels of expired messages")
        .atMost(Duration.ofSeconds(5))
        .until(() -> layer.channelCount() == 0);
    assertThat(layer.stats().expired()).isEqualTo(300);
    assertThat(layer.groupCount()).isEqualTo(10);

    clock.advance(Duration.ofHours(24));
    await("the sweeper to free expired groups")
        .atMost(Duration.ofSeconds(5))
        .until(() -> layer.groupCount() == 0);
  }

  @Test
  void waitingReceivesAreServedInArrivalOrder() throws Exception {
    InMemoryChannelLayer layer = layer();
    List<CompletableFuture<Message>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(layer.receive("work"));
    }
    for (int i = 0; i < 3; i++) {
      get(layer.send("work", msg(i)), "send " + i);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(get(waiting.get(i), "receive " + i)).isEqualTo(msg(i));
    }
  }

  @Test
  void subscriberIsCalledOnTheSendersThread() throws Exception {
    InMemoryChannelLayer layer = layer();
    String ch = layer.newChannel();
    AtomicReference<Thread> caller = new AtomicReference<>();
    try (Subscription ignored =
        layer.subscribe(ch, m -> caller.getAndSet(Thread.currentThread()) == null)) {
      get(layer.send(ch, msg(1)), "send");
      assertThat(caller.get())
          .as("no queue or extra thread in between")
          .isSameAs(Thread.currentThread());
      caller.set(null);
      get(layer.groupAdd("room", ch), "groupAdd");
      get(layer.groupSend("room", msg(2)), "groupSend");
      assertThat(caller.get()).isSameAs(Thread.currentThread());
    }
  }

  @Test
  void everyGroupSendSeesTheMembershipAsChangedBeforeIt() throws Exception {
    // group sends read a snapshot of the members, rebuilt after each change
    InMemoryChannelLayer layer = layer();
    String a = layer.newChannel();
    String b = layer.newChannel();
    List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Subscription sa = layer.subscribe(a, m -> got.add("a" + m.get("n")));
        Subscription sb = layer.subscribe(b, m -> got.add("b" + m.get("n")))) {
      get(layer.groupAdd("room", a), "add a");
      get(layer.groupSend("room", msg(1)), "send 1");
      get(layer.groupAdd("room", b), "add b");
      get(layer.groupSend("room", msg(2)), "send 2");
      get(layer.groupDiscard("room", a), "discard a");
      get(layer.groupSend("room", msg(3)), "send 3");
      get(layer.groupDiscard("room", b), "discard b");
      get(layer.groupSend("room", msg(4)), "send 4");
      get(layer.groupAdd("room", a), "add a again");
      get(layer.groupSend("room", msg(5)), "send 5");
    }
    assertThat(got).containsExactlyInAnyOrder("a1", "a2", "b2", "b3", "a5");
  }

  @Test
  void aMemberWhoseChannelWasSweptAndSubscribedAgainStillGetsGroupSends() throws Exception {
    // the members' snapshot remembers each channel's state; a state swept since is looked up again
    InMemoryChannelLayer layer = layer(LayerConfig.DEFAULTS, Duration.ofMillis(100));
    String ch = layer.newChannel();
    get(layer.groupAdd("room", ch), "add");
    get(layer.groupSend("room", msg(1)), "send while nobody listens: queued");
    assertThat(get(layer.receive(ch), "queued message")).isEqualTo(msg(1));
    // idle now: the sweeper retires the channel's state
    await().atMost(Duration.ofSeconds(5)).until(() -> layer.channelCount() == 0);
    List<Message> pushed = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Subscription ignored = layer.subscribe(ch, pushed::add)) {
      get(layer.groupSend("room", msg(2)), "send after the sweep");
      assertThat(pushed).containsExactly(msg(2));
    }
  }

  @Test
  void receiveOnASubscribedChannelGetsMessagesSentAfterTheSubscriptionCloses() throws Exception {
    InMemoryChannelLayer layer = layer();
    String ch = layer.newChannel();
    List<Message> pushed = new ArrayList<>();
    Subscription subscription = layer.subscribe(ch, pushed::add);
    CompletableFuture<Message> pending = layer.receive(ch);
    get(layer.send(ch, msg(1)), "send while subscribed");
    assertThat(pushed).containsExactly(msg(1));
    assertThat(pending).isNotDone();
    subscription.close();
    get(layer.send(ch, msg(2)), "send after the subscription closed");
    assertThat(get(pending, "the waiting receive")).isEqualTo(msg(2));
  }

  @Test
  void flushKeepsSubscriptionsAndWaitingReceives() throws Exception {
    InMemoryChannelLayer layer = layer();
    String subscribed = layer.newChannel();
    List<Message> pushed = new ArrayList<>();
    layer.subscribe(subscribed, pushed::add);
    CompletableFuture<Message> pending = layer.receive("waiting");
    get(layer.send("queued", msg(0)), "send");
    get(layer.flush(), "flush");
    assertThat(layer.channelCount()).as("the flushed queue is gone, receivers stay").isEqualTo(2);
    get(layer.send(subscribed, msg(1)), "send to the subscriber");
    get(layer.send("waiting", msg(2)), "send to the waiting receive");
    assertThat(pushed).containsExactly(msg(1));
    assertThat(get(pending, "the waiting receive")).isEqualTo(msg(2));
  }

  @Test
  void closeStopsTheSweeperAndRefusesFurtherUse() throws Exception {
    InMemoryChannelLayer layer = layer();
    String ch = layer.newChannel();
    String sweeperName =
        "switchboard-layer-" + ch.substring("specific.".length(), ch.indexOf('!')) + "-sweeper";
    assertThat(threadAlive(sweeperName)).as("sweeper thread %s running", sweeperName).isTrue();
    CompletableFuture<Message> pending = layer.receive(ch);

    layer.close();
    layer.close(); // idempotent

    assertThatThrownBy(() -> get(pending, "receive failed by close"))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed")
        .hasMessageContaining(ch);
    await("the sweeper thread to end")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !threadAlive(sweeperName));
    assertThat(layer.send(ch, msg(1))).isCompletedExceptionally();
    assertThat(layer.receive(ch)).isCompletedExceptionally();
    assertThat(layer.groupAdd("room", ch)).isCompletedExceptionally();
    assertThat(layer.groupSend("room", msg(1))).isCompletedExceptionally();
    assertThatThrownBy(() -> layer.subscribe(ch, m -> true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void hugeExpiriesDoNotOverflow() throws Exception {
    LayerConfig forever =
        LayerConfig.builder()
            .expiry(Duration.ofDays(365_000))
            .groupExpiry(Duration.ofDays(365_000))
            .build();
    InMemoryChannelLayer layer = layer(forever, Duration.ofMillis(20));
    get(layer.groupAdd("room", "member"), "groupAdd");
    clock.advance(Duration.ofDays(365));
    get(layer.groupSend("room", msg(1)), "groupSend a year later");
    clock.advance(Duration.ofDays(365));
    assertThat(get(layer.receive("member"), "the message a year later")).isEqualTo(msg(1));
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
