package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Message;
import dev.switchboard.layer.ChannelFullException;
import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.layer.LayerStats;
import dev.switchboard.layer.Names;
import dev.switchboard.layer.Subscription;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link ChannelLayer} passes unchanged: extend it and build the layer.
 *
 * <pre>{@code
 * class RedisChannelLayerTest extends ChannelLayerContract {
 *   protected ChannelLayer createLayer(LayerConfig config) {
 *     return new RedisChannelLayer(redisUri, config);
 *   }
 * }
 * }</pre>
 *
 * <p>It includes {@link ChannelContract} (send, receive, FIFO, at-most-once, expiry, capacity) and
 * {@link GroupContract} (groups, drops, membership expiry, flush) and adds subscriptions, naming
 * rules, message encoding, counters and closing. Expiry is tested with real short durations (a few
 * hundred milliseconds), so a layer whose time is kept by a server passes too.
 */
@Timeout(60)
public abstract class ChannelLayerContract extends GroupContract {

  @Test
  void subscribeGetsQueuedThenLiveMessagesInOrder() throws InterruptedException {
    ChannelLayer layer = layer();
    String ch = layer.newChannel();
    for (int i = 0; i < 5; i++) {
      await(layer.send(ch, msg(i)), "send " + i);
    }
    RecordingListener recorder = new RecordingListener();
    try (Subscription ignored = layer.subscribe(ch, recorder)) {
      for (int i = 5; i < 10; i++) {
        await(layer.send(ch, msg(i)), "send " + i);
      }
      for (int i = 0; i < 10; i++) {
        assertThat(recorder.next("message " + i)).isEqualTo(msg(i));
      }
      recorder.assertEmpty();
    }
  }

  @Test
  void subscriberGetsGroupSends() throws InterruptedException {
    ChannelLayer layer = layer();
    String ch = layer.newChannel();
    String group = name("room");
    RecordingListener recorder = new RecordingListener();
    try (Subscription ignored = layer.subscribe(ch, recorder)) {
      await(layer.groupAdd(group, ch), "groupAdd");
      await(layer.groupSend(group, msg(1)), "groupSend");
      assertThat(recorder.next("the group message")).isEqualTo(msg(1));
      recorder.assertEmpty();
    }
  }

  @Test
  void subscriberRefusalIsChannelFull() {
    ChannelLayer layer = layer();
    String ch = layer.newChannel();
    String group = name("room");
    RecordingListener refusing = new RecordingListener().refuse();
    LayerStats before = layer.stats();
    try (Subscription ignored = layer.subscribe(ch, refusing)) {
      assertThat(awaitFailure(layer.send(ch, msg(1)), "send to a refusing subscriber"))
          .isInstanceOfSatisfying(
              ChannelFullException.class, e -> assertThat(e.channel()).isEqualTo(ch));
      await(layer.groupAdd(group, ch), "groupAdd");
      await(layer.groupSend(group, msg(2)), "groupSend to a refusing subscriber");
      LayerStats after = layer.stats();
      assertThat(after.sendRefusals() - before.sendRefusals()).isEqualTo(1);
      assertThat(after.groupSendDrops() - before.groupSendDrops()).isEqualTo(1);
      refusing.assertEmpty();
    }
  }

  @Test
  void secondSubscriberIsRefused() throws InterruptedException {
    ChannelLayer layer = layer();
    String ch = layer.newChannel();
    RecordingListener first = new RecordingListener();
    RecordingListener second = new RecordingListener();
    Subscription subscription = layer.subscribe(ch, first);
    assertThatThrownBy(() -> layer.subscribe(ch, second))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ch);
    subscription.close();
    try (Subscription ignored = layer.subscribe(ch, second)) {
      await(layer.send(ch, msg(1)), "send");
      assertThat(second.next("message at the second subscriber")).isEqualTo(msg(1));
    }
    first.assertEmpty();
  }

  @Test
  void closedSubscriptionStopsDelivery() throws InterruptedException {
    ChannelLayer layer = layer();
    String ch = layer.newChannel();
    RecordingListener recorder = new RecordingListener();
    Subscription subscription = layer.subscribe(ch, recorder);
    await(layer.send(ch, msg(1)), "send 1");
    assertThat(recorder.next("message 1")).isEqualTo(msg(1));
    subscription.close();
    subscription.close(); // idempotent
    await(layer.send(ch, msg(2)), "send 2");
    assertReceives(layer, ch, msg(2));
    recorder.assertEmpty();
  }

  @Test
  void newChannelNamesAreUniqueAndValid() {
    ChannelLayer layer = layer();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String ch = layer.newChannel();
      assertThat(Names.checkChannel(ch)).isEqualTo(ch);
      assertThat(Names.isProcessSpecific(ch)).as("%s is process-specific", ch).isTrue();
      assertThat(names.add(ch)).as("%s is new", ch).isTrue();
    }
    assertThat(names.add(layer(LayerConfig.DEFAULTS).newChannel()))
        .as("another layer's name differs")
        .isTrue();
    String a = layer.newChannel();
    String b = layer.newChannel();
    await(layer.send(a, msg(1)), "send to a");
    await(layer.send(b, msg(2)), "send to b");
    assertReceives(layer, b, msg(2));
    assertReceives(layer, a, msg(1));
  }

  @Test
  void invalidChannelNameNamesTheRule() {
    ChannelLayer layer = layer();
    String group = name("room");
    for (String bad : List.of("", "has space", "ümlaut", "two!bangs!", "x".repeat(101))) {
      List<Runnable> calls =
          List.of(
              () -> layer.send(bad, msg(1)),
              () -> layer.receive(bad),
              () -> layer.groupAdd(group, bad),
              () -> layer.groupDiscard(group, bad),
              () -> layer.capacity(bad));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("channel name must be ASCII letters, digits")
            .hasMessageContaining("at most 100 characters")
            .hasMessageContaining("'" + bad + "'");
      }
    }
  }

  @Test
  void invalidGroupNameNamesTheRule() {
    ChannelLayer layer = layer();
    String ch = name("inbox");
    for (String bad : List.of("", "has space", "with!bang", "x".repeat(101))) {
      List<Runnable> calls =
          List.of(
              () -> layer.groupAdd(bad, ch),
              () -> layer.groupDiscard(bad, ch),
              () -> layer.groupSend(bad, msg(1)));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("group name must be ASCII letters, digits")
            .hasMessageContaining("'" + bad + "'");
      }
    }
  }

  /**
   * Fields survive the layer as a JSON-encoding layer would carry them: integers that fit an int
   * come back as {@code Integer}, larger ones as {@code Long}, decimals as {@code Double}, byte
   * arrays as byte arrays.
   */
  @Test
  void messageFieldsRoundTrip() {
    ChannelLayer layer = layer();
    String ch = name("inbox");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("k", "v");
    nested.put("deep", Map.of("numbers", List.of(1, 2, 3), "flag", false));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("text", "hello");
    fields.put("empty", "");
    fields.put("unicode", "héllo wörld ✓ 日本語 😀 \u0000 \"quoted\" \\ back");
    fields.put("small", 42);
    fields.put("negative", -7);
    fields.put("big", Long.MAX_VALUE);
    fields.put("bigNegative", Long.MIN_VALUE);
    fields.put("pi", 3.141592653589793);
    fields.put("tiny", 1.0e-300);
    fields.put("yes", true);
    fields.put("no", false);
    fields.put("nothing", null);
    fields.put("list", Arrays.asList("a", 1, true, null, List.of("nested")));
    fields.put("map", nested);
    fields.put("bytes", new byte[] {0, 1, -1, 127, -128});
    Message sent = Message.of("test.fields", fields);

    await(layer.send(ch, sent), "send");
    Message received = await(layer.receive(ch), "the message");

    assertThat(received).isEqualTo(sent);
    assertThat(received.type()).isEqualTo("test.fields");
    assertThat(received.getLong("big")).isEqualTo(Long.MAX_VALUE);
    assertThat(received.getLong("bigNegative")).isEqualTo(Long.MIN_VALUE);
    assertThat(received.getLong("small")).isEqualTo(42);
    assertThat(received.getString("unicode")).isEqualTo(fields.get("unicode"));
    assertThat(received.get("pi")).isEqualTo(3.141592653589793);
    assertThat(received.fields()).containsKey("nothing");
    assertThat(received.get("nothing")).isNull();
    assertThat((byte[]) received.get("bytes")).containsExactly(0, 1, -1, 127, -128);
  }

  @Test
  void statsCount() {
    ChannelLayer layer = layer(LayerConfig.builder().channelCapacity("one\\..*", 1).build());
    String plain = name("plain");
    String one = name("one");
    String member = name("member");
    String group = name("room");
    LayerStats before = layer.stats();

    await(layer.send(plain, msg(1)), "send");
    await(layer.receive(plain), "receive");
    await(layer.send(one, msg(2)), "send filling 'one'");
    awaitFailure(layer.send(one, msg(3)), "send to the full 'one'");
    await(layer.groupAdd(group, one), "groupAdd one");
    await(layer.groupAdd(group, member), "groupAdd member");
    await(layer.groupSend(group, msg(4)), "groupSend");
    await(layer.receive(member), "receive the group message");

    LayerStats after = layer.stats();
    assertThat(after.sent() - before.sent()).as("sent").isEqualTo(2);
    assertThat(after.groupSends() - before.groupSends()).as("groupSends").isEqualTo(1);
    assertThat(after.delivered() - before.delivered()).as("delivered").isEqualTo(2);
    assertThat(after.sendRefusals() - before.sendRefusals()).as("sendRefusals").isEqualTo(1);
    assertThat(after.groupSendDrops() - before.groupSendDrops()).as("drops").isEqualTo(1);
    assertThat(after.expired() - before.expired()).as("expired").isZero();
  }

  @Test
  void closeFailsWaitingReceives() {
    ChannelLayer layer = createLayer(LayerConfig.DEFAULTS);
    CompletableFuture<?> pending = layer.receive(name("inbox"));
    layer.close();
    assertThat(awaitFailure(pending, "the receive pending at close")).isNotNull();
  }
}
