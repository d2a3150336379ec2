package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.RedisServerProcess;
import dev.switchboard.testing.WebSocketTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real {@code switchboard demo} processes on different ports share a Redis started by the
 * test: one chat room spans both, rooms stay apart, and a crashed process neither disturbs the
 * other nor leaves memberships behind once it is back.
 */
@Timeout(240)
class MultiProcessChatTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private RedisServerProcess redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisServerProcess.start();
    closing.add(redis);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  private DemoProcess[] startDemos(int... ports) throws Exception {
    DemoProcess[] demos = new DemoProcess[ports.length];
    for (int i = 0; i < ports.length; i++) {
      demos[i] = DemoProcess.start(ports[i], List.of(redis.uri()));
      closing.add(demos[i]);
    }
    for (DemoProcess d : demos) {
      d.awaitReady();
    }
    return demos;
  }

  private WebSocketTestClient join(DemoProcess demo, String room) {
    WebSocketTestClient ws = WebSocketTestClient.connect(demo.room(room));
    closing.add(ws);
    assertThat(ws.accepted()).as("handshake on port %d", demo.port()).isTrue();
    return ws;
  }

  @Test
  void oneRoomSpansBothProcessesInOrderPerSenderAndOtherRoomsHearNothing() throws Exception {
    DemoProcess[] demos = startDemos(DemoProcess.freePort(), DemoProcess.freePort());
    List<WebSocketTestClient> lobby = new ArrayList<>();
    for (DemoProcess d : demos) {
      lobby.add(join(d, "lobby"));
      lobby.add(join(d, "lobby"));
    }
    WebSocketTestClient kitchenOne = join(demos[0], "kitchen");
    WebSocketTestClient kitchenTwo = join(demos[1], "kitchen");

    int perSender = 25;
    for (int i = 0; i < perSender; i++) {
      lobby.get(0).sendText("{\"message\":\"one-" + i + "\"}");
      lobby.get(2).sendText("{\"message\":\"two-" + i + "\"}");
    }

    for (int socket = 0; socket < lobby.size(); socket++) {
      WebSocketTestClient ws = lobby.get(socket);
      Map<String, Integer> next = new HashMap<>(Map.of("one", 0, "two", 0));
      for (int n = 0; n < 2 * perSender; n++) {
        String text = ws.receiveText(WAIT);
        String body = text.substring("{\"message\":\"".length(), text.length() - 2);
        String sender = body.substring(0, body.indexOf('-'));
        int seq = Integer.parseInt(body.substring(body.indexOf('-') + 1));
        assertThat(seq)
            .as("lobby socket %d (process %d): message %s in order from sender %s",
                socket, socket / 2, body, sender)
            .isEqualTo(next.get(sender));
        next.put(sender, seq + 1);
      }
    }
    // the kitchen heard nothing of the lobby: its own message is the next thing each gets
    kitchenTwo.sendText("{\"message\":\"kitchen only\"}");
    assertThat(kitchenOne.receiveText(WAIT)).isEqualTo("{\"message\":\"kitchen only\"}");
    assertThat(kitchenTwo.receiveText(WAIT)).isEqualTo("{\"message\":\"kitchen only\"}");
    lobby.get(1).sendText("{\"message\":\"last\"}");
    for (WebSocketTestClient ws : lobby) {
      assertThat(ws.receiveText(WAIT)).as("nothing else reached the lobby").isEqualTo("{\"message\":\"last\"}");
    }
  }

  @Test
  void aKilledProcessLeavesTheOtherUntouchedAndRejoinsCleanlyAfterARestart() throws Exception {
    int portOne = DemoProcess.freePort();
    DemoProcess[] demos = startDemos(portOne, DemoProcess.freePort());
    WebSocketTestClient doomed = join(demos[0], "lobby");
    WebSocketTestClient survivorA = join(demos[1], "lobby");
    WebSocketTestClient survivorB = join(demos[1], "lobby");
    doomed.sendText("{\"message\":\"before\"}");
    assertThat(survivorA.receiveText(WAIT)).isEqualTo("{\"message\":\"before\"}");
    assertThat(survivorB.receiveText(WAIT)).isEqualTo("{\"message\":\"before\"}");
    assertThat(leases("chat_lobby")).hasSize(2);

    demos[0].kill();

    assertThat(doomed.awaitClose(WAIT).code()).as("the crashed process's socket drops").isEqualTo(1006);
    survivorA.sendText("{\"message\":\"still here\"}");
    assertThat(survivorA.receiveText(WAIT)).isEqualTo("{\"message\":\"still here\"}");
    assertThat(survivorB.receiveText(WAIT)).isEqualTo("{\"message\":\"still here\"}");
    assertThat(survivorA.isOpen()).isTrue();
    // the survivor's group send found nobody listening at the dead process and dropped its lease
    Awaitility.await("the dead process's lease to be purged")
        .atMost(WAIT)
        .until(() -> leases("chat_lobby").size() == 1);

    DemoProcess restarted = DemoProcess.start(portOne, List.of(redis.uri()));
    closing.add(restarted);
    restarted.awaitReady();
    WebSocketTestClient rejoined = join(restarted, "lobby");
    survivorB.sendText("{\"message\":\"welcome back\"}");
    assertThat(rejoined.receiveText(WAIT)).isEqualTo("{\"message\":\"welcome back\"}");
    assertThat(survivorA.receiveText(WAIT)).isEqualTo("{\"message\":\"welcome back\"}");
    assertThat(survivorB.receiveText(WAIT)).isEqualTo("{\"message\":\"welcome back\"}");
    rejoined.sendText("{\"message\":\"hello from the restart\"}");
    for (WebSocketTestClient ws : List.of(rejoined, survivorA, survivorB)) {
      assertThat(ws.receiveText(WAIT)).isEqualTo("{\"message\":\"hello from the restart\"}");
    }
    assertThat(leases("chat_lobby")).hasSize(2);
  }

  @Test
  void socketsKeepBeingServedWhileRedisIsDownAndRoomsSpanProcessesAgainAfterwards() throws Exception {
    DemoProcess[] demos = startDemos(DemoProcess.freePort(), DemoProcess.freePort());
    WebSocketTestClient here = join(demos[0], "lobby");
    WebSocketTestClient there = join(demos[1], "lobby");

    redis.stop();
    demos[0].awaitLine("disconnected", WAIT);

    // the process still serves: pages, new sockets joining rooms, the open sockets
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demos[0].port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    WebSocketTestClient joinedDuringOutage = join(demos[0], "lobby");
    assertThat(here.isOpen()).isTrue();
    assertThat(there.isOpen()).isTrue();

    redis.startAgain();
    demos[0].awaitLine("reconnected after", WAIT);
    demos[1].awaitLine("reconnected after", WAIT);
    there.sendText("{\"message\":\"back\"}");
    for (WebSocketTestClient ws : List.of(there, here, joinedDuringOutage)) {
      assertThat(ws.receiveText(WAIT)).isEqualTo("{\"message\":\"back\"}");
    }
  }

  /** Returns the processes holding a lease in a group, read from Redis. */
  private List<String> leases(String group) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().zrange("switchboard:gp:" + group, 0, -1);
    } finally {
      client.shutdown();
    }
  }
}
