package dev.switchboard.redis;

import static dev.switchboard.redis.Recording.await;
import static dev.switchboard.redis.Recording.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Message;
import dev.switchboard.layer.Subscription;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two layers in one JVM are two processes to Redis (each has its own process name and receiver):
 * messages between them go through Redis exactly as between servers.
 */
@Timeout(60)
class CrossProcessTest {
  private final String prefix = TestRedis.uniquePrefix();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final RedisChannelLayer a = layer();
  private final RedisChannelLayer b = layer();

  private RedisChannelLayer layer() {
    RedisChannelLayer layer = TestRedis.builder(prefix).build();
    closing.add(layer);
    return layer;
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    TestRedis.deleteKeys(TestRedis.URI, prefix);
  }

  @Test
  void sendToAnotherProcessReachesItsSubscriberInOrder() throws InterruptedException {
    String ch = b.newChannel();
    Recording recording = new Recording();
    try (Subscription ignored = b.subscribe(ch, recording)) {
      for (int i = 0; i < 200; i++) {
        await(a.send(ch, Message.of("test.n", "n", i)), "send " + i);
      }
      for (int i = 0; i < 200; i++) {
        assertThat(recording.next("message " + i).getLong("n")).isEqualTo(i);
      }
      recording.assertEmpty();
    }
  }

  @Test
  void groupSendPublishesOncePerProcessNotOncePerMember() throws InterruptedException {
    BlockingQueue<String> published = new LinkedBlockingQueue<>();
    RedisClient client = RedisClient.create(RedisClients.resources(), TestRedis.URI);
    StatefulRedisPubSubConnection<String, byte[]> spy = client.connectPubSub(RedisClients.CODEC);
    closing.add(client::shutdown);
    spy.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String pattern, String channel, byte[] message) {
            published.add(channel);
          }
        });
    await(spy.async().psubscribe(prefix + "in:*").toCompletableFuture(), "psubscribe");
    String group = "room";
    List<Recording> members = new ArrayList<>();
    for (RedisChannelLayer layer : List.of(a, b, b, b, b, b, b, b, b, b)) {
      Recording r = new Recording();
      String ch = layer.newChannel();
      closing.add(layer.subscribe(ch, r));
      await(layer.groupAdd(group, ch), "groupAdd");
      members.add(r);
    }

    await(a.groupSend(group, Message.of("test.first")), "groupSend");
    for (Recording r : members) {
      assertThat(r.next("the first group message").type()).isEqualTo("test.first");
    }
    await(a.groupSend(group, Message.of("test.second")), "second groupSend");
    for (Recording r : members) {
      assertThat(r.next("the second group message").type()).isEqualTo("test.second");
      r.assertEmpty();
    }

    assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(prefix + "in:" + b.processName());
    assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(prefix + "in:" + b.processName());
    assertThat(published).as("one publish per group send to the one other process").isEmpty();
  }

  @Test
  void remoteSendToAFullSubscriberIsCountedAtTheOwner() {
    String ch = b.newChannel();
    long before = b.stats().sendRefusals();
    try (Subscription ignored = b.subscribe(ch, new Recording().refuse())) {
      await(a.send(ch, Message.of("test.refused")), "send to a refusing subscriber elsewhere");
      Awaitility.await("the owner to count the refusal")
          .atMost(Recording.WAIT)
          .until(() -> b.redisStats().remoteRefusals() == 1);
      assertThat(b.stats().sendRefusals() - before).isEqualTo(1);
      assertThat(a.stats().sendRefusals()).as("the sender cannot know").isZero();
    }
  }

  @Test
  void groupAddAndDiscardOfAnotherProcessesChannel() throws InterruptedException {
    String ch = b.newChannel();
    Recording recording = new Recording();
    try (Subscription ignored = b.subscribe(ch, recording)) {
      await(a.groupAdd("room", ch), "groupAdd of b's channel by a");
      await(a.groupSend("room", Message.of("test.member")), "groupSend");
      assertThat(recording.next("the group message").type()).isEqualTo("test.member");

      await(a.groupDiscard("room", ch), "groupDiscard of b's channel by a");
      await(a.groupSend("room", Message.of("test.former")), "groupSend after the discard");
      await(a.send(ch, Message.of("test.marker")), "direct send");
      assertThat(recording.next("the marker").type()).isEqualTo("test.marker");
      recording.assertEmpty();
    }
  }

  @Test
  void leaseOfAProcessThatStoppedListeningIsPurgedByTheNextGroupSend() {
    String key = prefix + "gp:room";
    TestRedis.raw(r -> r.zadd(key, System.currentTimeMillis() + 60_000, "specific.ghost".getBytes()));
    await(a.groupSend("room", Message.of("test.x")), "groupSend");
    assertThat(TestRedis.zscore(key, "specific.ghost")).isNull();
    assertThat(a.redisStats().unroutable()).isEqualTo(1);
  }

  @Test
  void lapsedLeaseStopsDeliveryAndIsPurged() throws InterruptedException {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    RedisClient client = RedisClient.create(RedisClients.resources(), TestRedis.URI);
    StatefulRedisPubSubConnection<String, byte[]> zombie = client.connectPubSub(RedisClients.CODEC);
    closing.add(client::shutdown);
    zombie.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, byte[] message) {
            frames.add(Frames.parse(message).kind() == Frames.GROUP ? "group" : "direct");
          }
        });
    await(zombie.async().subscribe(prefix + "in:specific.zombie").toCompletableFuture(), "subscribe");
    String key = prefix + "gp:room";
    TestRedis.raw(r -> r.zadd(key, System.currentTimeMillis() + 400, "specific.zombie".getBytes()));

    await(a.groupSend("room", Message.of("test.live")), "groupSend while the lease holds");
    assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("group");
    Thread.sleep(500); // the behaviour under test is the lease running out
    await(a.groupSend("room", Message.of("test.lapsed")), "groupSend after the lease lapsed");
    await(a.send("specific.zombie!x", Message.of("test.marker")), "direct send");
    assertThat(frames.poll(5, TimeUnit.SECONDS)).isEqualTo("direct");
    assertThat(TestRedis.zscore(key, "specific.zombie")).isNull();
  }

  @Test
  void heartbeatRenewsLeasesAndCloseWithdrawsThem() throws InterruptedException {
    RedisChannelLayer quick = TestRedis.builder(prefix).processLeaseSeconds(1).build();
    closing.add(quick);
    String key = prefix + "gp:room";
    String member = quick.processName();
    await(quick.groupAdd("room", quick.newChannel()), "groupAdd");
    double first = TestRedis.zscore(key, member);
    Awaitility.await("the heartbeat to renew the lease")
        .atMost(Recording.WAIT)
        .until(() -> TestRedis.zscore(key, member) > first + 300);
    assertThat(TestRedis.pttl(key)).as("the set outlives the lease").isPositive();
    quick.close();
    assertThat(TestRedis.zscore(key, member)).isNull();
  }

  @Test
  void onlyTheOwningProcessReceivesItsChannels() {
    String ch = b.newChannel();
    assertThat(awaitFailure(a.receive(ch), "receive on b's channel at a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ch)
        .hasMessageContaining("newChannel()");
    assertThatThrownBy(() -> a.subscribe(ch, new Recording()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ch);
    assertThatThrownBy(() -> a.subscribe("jobs", new Recording()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("receive()");
  }

  @Test
  void listChannelsAreSharedByProcessesAndEachMessageGoesToOne() throws InterruptedException {
    List<Integer> gotA = new ArrayList<>();
    List<Integer> gotB = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      await(a.send("jobs", Message.of("test.job", "n", i)), "send " + i);
    }
    for (int i = 0; i < 50; i++) {
      gotA.add((int) await(a.receive("jobs"), "a job at a").getLong("n"));
      gotB.add((int) await(b.receive("jobs"), "a job at b").getLong("n"));
    }
    List<Integer> all = new ArrayList<>(gotA);
    all.addAll(gotB);
    assertThat(all).doesNotHaveDuplicates().hasSize(100);
    assertThat(gotA).isSorted();
    assertThat(gotB).isSorted();
  }
}
