package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.AllToAllBurst;
import dev.switchboard.testing.RedisServerProcess;
import dev.switchboard.testing.WebSocketTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Bursts into one room that spans two {@code switchboard demo} processes on a fresh Redis (its own
 * instance, so the layer's scripts are unknown to it when the first burst starts): every member,
 * on either process, gets every sender's messages in order and nothing else. Each case runs three
 * bursts, each in a room of its own; the cases share the two processes and the Redis.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiProcessBurstTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int ROUNDS = 3;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<AutoCloseable> sockets = new ArrayList<>();
  private DemoProcess[] demos;
  private int rooms;

  @BeforeAll
  void start() throws Exception {
    RedisServerProcess redis = RedisServerProcess.start();
    closing.add(redis);
    demos = new DemoProcess[2];
    for (int i = 0; i < 2; i++) {
      demos[i] = DemoProcess.start(DemoProcess.freePort(), List.of(redis.uri()));
      closing.add(demos[i]);
    }
    for (DemoProcess d : demos) {
      d.awaitReady();
    }
  }

  @AfterEach
  void closeSockets() throws Exception {
    for (AutoCloseable c : sockets) {
      c.close();
    }
    sockets.clear();
  }

  @AfterAll
  void stopAll() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  /** Joins {@code n} sockets to {@code room}, alternating between the two processes. */
  private List<WebSocketTestClient> join(String room, int n) {
    List<WebSocketTestClient> joined = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DemoProcess demo = demos[i % 2];
      WebSocketTestClient ws = WebSocketTestClient.connect(demo.room(room));
      sockets.add(ws);
      assertThat(ws.accepted()).as("handshake on port %d", demo.port()).isTrue();
      joined.add(ws);
    }
    return joined;
  }

  private void rounds(int senders, int perSender, int idle) throws InterruptedException {
    for (int round = 0; round < ROUNDS; round++) {
      String room = "burst" + rooms++;
      List<WebSocketTestClient> sending = join(room, senders);
      List<WebSocketTestClient> all = new ArrayList<>(sending);
      all.addAll(join(room, idle));
      AllToAllBurst.chat(sending, perSender).run(all, WAIT);
      for (WebSocketTestClient ws : all) {
        ws.abort();
      }
    }
  }

  @Test
  void tenSendersOfFiftyAcrossTwoProcesses() throws InterruptedException {
    rounds(10, 50, 0);
  }

  @Test
  void twentySendersOfFiftyAcrossTwoProcesses() throws InterruptedException {
    rounds(20, 50, 0);
  }

  @Test
  void fiftySendersOfTwentyAcrossTwoProcesses() throws InterruptedException {
    rounds(50, 20, 0);
  }

  @Test
  void busySendersAndIdleMembersAcrossTwoProcesses() throws InterruptedException {
    rounds(4, 150, 16);
  }
}
