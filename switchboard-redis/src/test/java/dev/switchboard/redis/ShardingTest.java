package dev.switchboard.redis;

import static dev.switchboard.redis.Recording.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Message;
import dev.switchboard.layer.LayerConfig;
import dev.switchboard.testing.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two redis-server processes started by the test as two shards: names spread over both, and
 * every operation finds its shard whichever order a process lists the hosts in.
 */
@Timeout(60)
class ShardingTest {
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RedisServerProcess one;
  private RedisServerProcess two;
  private RedisChannelLayer a;
  private RedisChannelLayer b;

  @BeforeEach
  void start() throws Exception {
    one = RedisServerProcess.start();
    closing.add(one);
    two = RedisServerProcess.start();
    closing.add(two);
    LayerConfig config = LayerConfig.builder().channelCapacity("full\\..*", 1).build();
    a = RedisChannelLayer.builder().uris(List.of(one.uri(), two.uri())).config(config).build();
    closing.add(a);
    b = RedisChannelLayer.builder().uris(List.of(two.uri(), one.uri())).config(config).build();
    closing.add(b);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  @Test
  void channelsSpreadOverShardsAndArriveWhicheverOrderHostsAreListed() {
    for (int i = 0; i < 40; i++) {
      await(a.send("work." + i, Message.of("test.n", "n", i)), "send " + i);
    }
    long onOne = TestRedis.raw(one.uri(), r -> r.keys("switchboard:ch:*").size());
    long onTwo = TestRedis.raw(two.uri(), r -> r.keys("switchboard:ch:*").size());
    assertThat(onOne + onTwo).isEqualTo(40);
    assertThat(onOne).as("lists on the first shard").isBetween(8L, 32L);
    for (int i = 0; i < 40; i++) {
      assertThat(await(b.receive("work." + i), "message " + i).getLong("n")).isEqualTo(i);
    }
  }

  @Test
  void groupSendAcrossShardsReachesEveryKindOfMemberOnce() throws InterruptedException {
    String group = "lobby";
    Recording atA = new Recording();
    Recording atB = new Recording();
    String chA = a.newChannel();
    String chB = b.newChannel();
    closing.add(a.subscribe(chA, atA));
    closing.add(b.subscribe(chB, atB));
    await(a.groupAdd(group, chA), "groupAdd a");
    await(b.groupAdd(group, chB), "groupAdd b");
    List<String> lists = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lists.add("inbox." + i);
      await(b.groupAdd(group, "inbox." + i), "groupAdd list " + i);
    }
    await(b.groupAdd(group, "full.x"), "groupAdd full");
    await(a.send("full.x", Message.of("test.filler")), "fill full.x");
    long dropsBefore = a.stats().groupSendDrops();

    await(a.groupSend(group, Message.of("test.hello")), "groupSend");

    assertThat(atA.next("the message at a").type()).isEqualTo("test.hello");
    assertThat(atB.next("the message at b").type()).isEqualTo("test.hello");
    for (String list : lists) {
      assertThat(await(b.receive(list), "the message on " + list).type()).isEqualTo("test.hello");
    }
    assertThat(a.stats().groupSendDrops() - dropsBefore).as("the full list member").isEqualTo(1);
    await(a.send(chB, Message.of("test.marker")), "marker");
    assertThat(atB.next("the marker").type()).as("nothing twice").isEqualTo("test.marker");
    atA.assertEmpty();
  }
}
