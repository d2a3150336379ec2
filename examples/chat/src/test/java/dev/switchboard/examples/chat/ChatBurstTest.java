package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testing.AllToAllBurst;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Bursts into one busy room lose nothing: every sender sends all its messages at once, so every
 * member's consumer is busy with its own client's burst while the others' broadcasts reach it.
 * Each member must get every message, in per-sender order, and nothing else; the layer must
 * count no drop. (A member's broadcasts used to queue against its channel capacity of 100 while
 * its consumer was busy, and were dropped past it without a word.)
 */
@Timeout(180)
class ChatBurstTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private InMemoryChannelLayer layer;
  private SwitchboardServer server;
  private final List<WebSocketTestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    layer = new InMemoryChannelLayer();
    server = ChatExample.server("127.0.0.1", 0, layer).start();
  }

  @AfterEach
  void stop() {
    clients.forEach(WebSocketTestClient::abort);
    server.close();
    layer.close();
  }

  private List<WebSocketTestClient> join(int n) {
    List<WebSocketTestClient> joined = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WebSocketTestClient c =
          WebSocketTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/chat/lobby/"));
      clients.add(c);
      assertThat(c.accepted()).isTrue();
      joined.add(c);
    }
    return joined;
  }

  private void burst(List<WebSocketTestClient> senders, int perSender, List<WebSocketTestClient> members)
      throws InterruptedException {
    AllToAllBurst.chat(senders, perSender).run(members, WAIT);
    assertThat(layer.stats().groupSendDrops()).as("group deliveries dropped").isZero();
  }

  @RepeatedTest(3)
  void tenSendersOfFiftyEachReachEveryMemberInOrder() throws InterruptedException {
    List<WebSocketTestClient> all = join(10);
    burst(all, 50, all);
  }

  @RepeatedTest(3)
  void twentySendersOfFiftyEachReachEveryMemberInOrder() throws InterruptedException {
    List<WebSocketTestClient> all = join(20);
    burst(all, 50, all);
  }

  @RepeatedTest(3)
  void fiftySendersOfTwentyEachReachEveryMemberInOrder() throws InterruptedException {
    List<WebSocketTestClient> all = join(50);
    burst(all, 20, all);
  }

  @RepeatedTest(3)
  void busySendersAndIdleMembersAllGetEveryMessageInOrder() throws InterruptedException {
    List<WebSocketTestClient> senders = join(5);
    List<WebSocketTestClient> idle = join(20);
    List<WebSocketTestClient> all = new ArrayList<>(senders);
    all.addAll(idle);
    burst(senders, 150, all);
  }
}
