package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.CloseCodes;
import dev.switchboard.layer.InMemoryChannelLayer;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat example over real sockets, with a real WebSocket client: the broadcast semantics. */
@Timeout(120)
class ChatServerTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofMillis(300);

  InMemoryChannelLayer layer;
  SwitchboardServer server;
  final List<WebSocketTestClient> clients = new ArrayList<>();

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

  URI room(String name) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/ws/chat/" + name + "/");
  }

  WebSocketTestClient join(String name) {
    WebSocketTestClient c = WebSocketTestClient.connect(room(name));
    clients.add(c);
    assertThat(c.accepted()).isTrue();
    return c;
  }

  static String json(String text) {
    return "{\"message\":\"" + text + "\"}";
  }

  @Test
  void aBroadcastReachesEverySocketInTheRoomIncludingTheSenderAndOnlyTheRoom() {
    var a = join("lobby");
    var b = join("lobby");
    var c = join("lobby");
    var other = join("kitchen");
    a.sendText(json("hello"));
    for (var member : List.of(a, b, c)) {
      assertThat(member.receiveText(WAIT)).isEqualTo(json("hello"));
    }
    other.sendText(json("soup"));
    assertThat(other.receiveText(WAIT)).isEqualTo(json("soup"));
    for (var member : List.of(a, b, c, other)) {
      member.receiveNothing(QUIET);
    }
    // The layer's counters are published with the server's metrics.
    double delivered =
        server.meterRegistry().get("switchboard.layer.messages").tag("outcome", "delivered").functionCounter().count();
    assertThat(delivered).isEqualTo(4.0);
  }

  @Test
  void messagesFromOneSenderArriveInOrder() {
    var a = join("order");
    var b = join("order");
    for (int i = 0; i < 200; i++) {
      a.sendText(json("m" + i));
    }
    for (int i = 0; i < 200; i++) {
      assertThat(b.receiveText(WAIT)).as("stats %s", layer.stats()).isEqualTo(json("m" + i));
      assertThat(a.receiveText(WAIT)).isEqualTo(json("m" + i));
    }
  }

  @Test
  void aDisconnectedSocketLeavesTheRoom() {
    var a = join("lobby");
    var b = join("lobby");
    b.close(CloseCodes.NORMAL, "bye");
    // Once b's consumer has left the group, a broadcast is delivered to a alone.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              long before = layer.stats().delivered();
              a.sendText(json("ping"));
              assertThat(a.receiveText(WAIT)).isEqualTo(json("ping"));
              assertThat(layer.stats().delivered() - before).isEqualTo(1);
            });
  }

  @Test
  void twoThousandConcurrentSocketsEachGetTheirRoomsMessagesOnly() {
    int rooms = 20;
    int members = 100;
    List<CompletableFuture<WebSocketTestClient>> pending = new ArrayList<>();
    for (int r = 0; r < rooms; r++) {
      for (int m = 0; m < members; m++) {
        pending.add(WebSocketTestClient.builder(room("r" + r)).timeout(Duration.ofSeconds(30)).connectAsync());
      }
    }
    List<WebSocketTestClient> all = pending.stream().map(CompletableFuture::join).toList();
    clients.addAll(all);
    assertThat(all).allSatisfy(c -> assertThat(c.accepted()).isTrue());
    assertThat(server.connectionCount()).isEqualTo(rooms * members);
    for (int r = 0; r < rooms; r++) {
      all.get(r * members).sendText(json("to-r" + r));
    }
    for (int r = 0; r < rooms; r++) {
      for (int m = 0; m < members; m++) {
        assertThat(all.get(r * members + m).receiveText(Duration.ofSeconds(20))).isEqualTo(json("to-r" + r));
      }
    }
    all.get(0).receiveNothing(QUIET);
    all.get(all.size() - 1).receiveNothing(Duration.ofMillis(10));
  }

  @Test
  void anOversizedMessageClosesThatSocketWith1009AndOthersGoOn() {
    var big = join("lobby");
    var other = join("lobby");
    big.sendText(json("x".repeat(70 * 1024)));
    assertThat(big.awaitClose(WAIT).code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    other.sendText(json("fine"));
    assertThat(other.receiveText(WAIT)).isEqualTo(json("fine"));
    other.receiveNothing(QUIET);
  }

  @Test
  void malformedJsonClosesThatSocketWith1007AndOthersSeeNothing() {
    var bad = join("lobby");
    var other = join("lobby");
    bad.sendText("{\"message\": ");
    var close = bad.awaitClose(WAIT);
    assertThat(close.code()).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(close.reason()).startsWith("malformed JSON");
    other.receiveNothing(QUIET);
    other.sendText(json("still here"));
    assertThat(other.receiveText(WAIT)).isEqualTo(json("still here"));
  }

  @Test
  void aClientThatNeverReadsIsCutOffWhileOthersKeepReceiving() {
    var stuck = WebSocketTestClient.builder(room("flood")).readPaused(true).connect();
    clients.add(stuck);
    var reader = join("flood");
    var sender = join("flood");
    String chunk = "y".repeat(60 * 1024);
    // Kernel socket buffers on loopback absorb several MB before the server's own bound (1 MiB)
    // fills, so keep pushing, up to 24 MB, until the server gives up on the stuck client.
    int sent = 0;
    while (slowCloses() == 0 && sent < 400) {
      sender.sendText(json(sent + chunk));
      assertThat(reader.receiveText(WAIT)).isEqualTo(json(sent + chunk));
      assertThat(sender.receiveText(WAIT)).isEqualTo(json(sent + chunk));
      sent++;
    }
    assertThat(slowCloses()).as("slow closes after %d messages of 60 KiB", sent).isEqualTo(1.0);
    // The others keep flowing after the cut.
    sender.sendText(json("after"));
    assertThat(reader.receiveText(WAIT)).isEqualTo(json("after"));
    // the close frame queues behind what the socket holds: a client that reads on receives it
    stuck.resumeReading();
    var status = stuck.awaitClose(WAIT);
    assertThat(status.code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(status.reason()).startsWith("client too slow");
  }

  double slowCloses() {
    return server.meterRegistry().get("switchboard.ws.closes").tag("reason", "slow").counter().count();
  }

  @Test
  void aForeignOriginIsRefusedWith403AndTheSameHostIsAccepted() {
    var evil = WebSocketTestClient.builder(room("lobby")).header("Origin", "http://evil.example").connect();
    clients.add(evil);
    assertThat(evil.handshakeStatus()).isEqualTo(403);
    var same =
        WebSocketTestClient.builder(room("lobby"))
            .header("Origin", "http://127.0.0.1:" + server.port())
            .connect();
    clients.add(same);
    assertThat(same.handshakeStatus()).isEqualTo(101);
  }

  @Test
  void gracefulShutdownClosesEverySocketWith1001() {
    var a = join("lobby");
    var b = join("kitchen");
    server.stop().join();
    assertThat(a.awaitClose(WAIT).code()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(b.awaitClose(WAIT).code()).isEqualTo(CloseCodes.GOING_AWAY);
  }
}
