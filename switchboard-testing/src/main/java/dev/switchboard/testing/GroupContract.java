package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.layer.ChannelLayer;
import dev.switchboard.layer.LayerConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The group part of the layer contract: membership, group sends, drops for full members, membership
 * expiry and flush. Extend {@link ChannelLayerContract}, which includes these tests.
 */
public abstract class GroupContract extends ChannelContract {

  @Test
  void groupSendReachesEveryMemberAndOnlyMembers() {
    ChannelLayer layer = layer();
    String group = name("room");
    List<String> members = List.of(name("a"), name("b"), name("c"));
    String outsider = name("outsider");
    for (String member : members) {
      await(layer.groupAdd(group, member), "groupAdd " + member);
    }
    // adding twice is a renewal, not a second membership
    await(layer.groupAdd(group, members.get(0)), "second groupAdd");
    await(layer.groupSend(group, msg(1)), "groupSend");
    for (String member : members) {
      assertReceives(layer, member, msg(1));
      assertNothingQueued(layer, member);
    }
    assertNothingQueued(layer, outsider);
  }

  @Test
  void groupDiscardStopsDelivery() {
    ChannelLayer layer = layer();
    String group = name("room");
    String leaving = name("leaving");
    String staying = name("staying");
    await(layer.groupAdd(group, leaving), "groupAdd leaving");
    await(layer.groupAdd(group, staying), "groupAdd staying");
    await(layer.groupDiscard(group, leaving), "groupDiscard");
    await(layer.groupDiscard(group, leaving), "groupDiscard of a former member");
    await(layer.groupDiscard(group, name("never")), "groupDiscard of a non-member");
    await(layer.groupDiscard(name("nogroup"), leaving), "groupDiscard from an unknown group");
    await(layer.groupSend(group, msg(1)), "groupSend");
    assertReceives(layer, staying, msg(1));
    assertNothingQueued(layer, leaving);
  }

  @Test
  void groupSendToAnEmptyGroupSucceeds() {
    ChannelLayer layer = layer();
    String group = name("empty");
    long before = layer.stats().groupSends();
    await(layer.groupSend(group, msg(1)), "groupSend to a group without members");
    assertThat(layer.stats().groupSends() - before).isEqualTo(1);
  }

  @Test
  void groupSendSkipsFullMembersAndCountsDrops() {
    ChannelLayer layer = layer(LayerConfig.builder().capacity(2).build());
    String group = name("room");
    String full = name("full");
    String roomy = name("roomy");
    await(layer.groupAdd(group, full), "groupAdd full");
    await(layer.groupAdd(group, roomy), "groupAdd roomy");
    await(layer.send(full, msg(1)), "fill 1");
    await(layer.send(full, msg(2)), "fill 2");
    long dropsBefore = layer.stats().groupSendDrops();

    await(layer.groupSend(group, msg(3)), "groupSend with a full member");

    assertThat(layer.stats().groupSendDrops() - dropsBefore).isEqualTo(1);
    assertReceives(layer, roomy, msg(3));
    assertReceives(layer, full, msg(1));
    assertReceives(layer, full, msg(2));
    assertNothingQueued(layer, full);
  }

  @Test
  void groupMembershipExpires() {
    ChannelLayer layer = layer(LayerConfig.builder().groupExpiry(Duration.ofMillis(300)).build());
    String group = name("room");
    String member = name("member");
    await(layer.groupAdd(group, member), "groupAdd");
    letTimePass(Duration.ofMillis(450));
    await(layer.groupSend(group, msg(1)), "groupSend after the membership expired");
    assertNothingQueued(layer, member);
    // joining again works
    await(layer.groupAdd(group, member), "groupAdd again");
    await(layer.groupSend(group, msg(2)), "groupSend");
    assertReceives(layer, member, msg(2));
  }

  @Test
  void groupAddRenewsMembership() {
    ChannelLayer layer = layer(LayerConfig.builder().groupExpiry(Duration.ofMillis(1500)).build());
    String group = name("room");
    String renewed = name("renewed");
    String lapsed = name("lapsed");
    await(layer.groupAdd(group, renewed), "groupAdd renewed");
    await(layer.groupAdd(group, lapsed), "groupAdd lapsed");
    letTimePass(Duration.ofMillis(900));
    await(layer.groupAdd(group, renewed), "renewing groupAdd");
    // 1.8 s after the first add, 0.9 s after the renewal
    letTimePass(Duration.ofMillis(900));
    await(layer.groupSend(group, msg(1)), "groupSend");
    assertReceives(layer, renewed, msg(1));
    assertNothingQueued(layer, lapsed);
  }

  @Test
  void flushClearsEverything() {
    ChannelLayer layer = layer();
    String queued = name("queued");
    String member = name("member");
    String group = name("room");
    await(layer.send(queued, msg(1)), "send 1");
    await(layer.send(queued, msg(2)), "send 2");
    await(layer.groupAdd(group, member), "groupAdd");

    await(layer.flush(), "flush");

    assertNothingQueued(layer, queued);
    await(layer.groupSend(group, msg(3)), "groupSend after flush");
    assertNothingQueued(layer, member);
    // the layer stays usable
    await(layer.send(queued, msg(4)), "send after flush");
    assertReceives(layer, queued, msg(4));
    await(layer.groupAdd(group, member), "groupAdd after flush");
    await(layer.groupSend(group, msg(5)), "groupSend");
    assertReceives(layer, member, msg(5));
  }
}
