package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Application;
import dev.switchboard.Connection;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import dev.switchboard.testing.WebSocketTestClient.CloseStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits that protect the server: message size, slow readers, connection count. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebSocketLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Recorder recorder = new Recorder();

  @Test
  void oversizedMessageClosesWith1009NamingTheLimitWhileOthersKeepWorking() {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echo(recorder)).maxMessageSize(1024);
    });
        WebSocketTestClient healthy = WebSocketTestClient.connect(server.wsUri("/"));
        WebSocketTestClient whole = WebSocketTestClient.connect(server.wsUri("/"));
        WebSocketTestClient fragmented = WebSocketTestClient.connect(server.wsUri("/"))) {
      whole.sendText("x".repeat(1024)); // exactly the limit is fine
      assertThat(whole.receiveText(WAIT)).hasSize(1024);

      whole.sendText("x".repeat(1025));
      CloseStatus status = whole.awaitClose(WAIT);
      assertThat(status.code()).isEqualTo(1009);
      assertThat(status.reason()).contains("1024");

      fragmented.sendFragmented("a".repeat(600), "b".repeat(600)); // each frame fits, the message not
      assertThat(fragmented.awaitClose(WAIT).code()).isEqualTo(1009);

      healthy.sendText("still here");
      assertThat(healthy.receiveText(WAIT)).isEqualTo("still here");
      assertThat(recorder.await(l -> l.startsWith("disconnect 1009"), "a 1009 disconnect", WAIT))
          .contains("1024");
      MeterRegistry meters = server.server().meterRegistry();
      assertThat(meters.get("switchboard.ws.closes").tag("reason", "too_big").counter().count())
          .isEqualTo(2.0);
    }
  }

  /** Members of one room; the text "push" sends a 64 KiB chunk to every member. */
  private Application room(Set<Connection> members, String chunk) {
    return conn -> event -> {
      switch (event) {
        case InboundEvent.WebSocketConnect c -> {
          members.add(conn);
          conn.send(OutboundEvent.WebSocketAccept.PLAIN);
        }
        case InboundEvent.WebSocketReceive r -> {
          for (Connection m : members) {
            m.send(OutboundEvent.WebSocketSend.text(chunk));
          }
        }
        case InboundEvent.WebSocketDisconnect d -> {
          members.remove(conn);
          recorder.add(conn.scope().queryString() + " " + d.code() + " " + d.reason());
        }
        default -> {}
      }
    };
  }

  @Test
  void clientThatNeverReadsIsCutOffWith1008WithoutGrowingTheHeap() throws Exception {
    Set<Connection> members = ConcurrentHashMap.newKeySet();
    String chunk = "c".repeat(64 * 1024);
    int pushes = 1500; // about 94 MiB for the silent client if nothing bounded it
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(room(members, chunk)).maxOutboundBuffer(1 << 20);
    });
        WebSocketTestClient reader = WebSocketTestClient.connect(server.wsUri("/room?reader"));
        WebSocketTestClient silent = WebSocketTestClient.builder(server.wsUri("/room?silent"))
            .readPaused(true).connect()) {
      long before = usedMemory();
      for (int i = 0; i < pushes; i++) {
        reader.sendText("push");
        assertThat(reader.receiveText(WAIT)).hasSize(chunk.length());
      }
      long grown = usedMemory() - before;
      assertThat(grown).as("heap and buffer growth in bytes").isLessThan(48L << 20);
      MeterRegistry meters = server.server().meterRegistry();
      assertThat(meters.get("switchboard.ws.closes").tag("reason", "slow").counter().count())
          .isEqualTo(1.0);

      // the close frame waits behind what the socket holds: a client that reads it gets 1008
      silent.resumeReading();
      CloseStatus status = silent.awaitClose(Duration.ofSeconds(20));
      assertThat(status.code()).isEqualTo(1008);
      assertThat(status.reason()).isEqualTo("client too slow: more than 1048576 bytes waiting");
      String cut = recorder.await(l -> l.startsWith("silent"), "the silent client's disconnect", WAIT);
      assertThat(cut).isEqualTo("silent 1008 client too slow: more than 1048576 bytes waiting");

      reader.sendText("push"); // the reading client is unaffected
      assertThat(reader.receiveText(WAIT)).hasSize(chunk.length());
      assertThat(members).hasSize(1);
    }
  }

  @Test
  void aClientThatPingsButNeverReadsIsClosedInsteadOfQueueingPongsWithoutBound() throws Exception {
    byte[] payload = new byte[125];
    try (TestServer server = TestServer.startWith(cfg -> {
      // no message rate limit: this is about the pongs, not how fast pings may come
      cfg.application(TestApps.echo(recorder)).maxOutboundBuffer(64 * 1024).messageRate(0, 1);
    });
        WebSocketTestClient healthy = WebSocketTestClient.connect(server.wsUri("/"));
        WebSocketTestClient flooder = WebSocketTestClient.builder(server.wsUri("/"))
            .readPaused(true).autoPong(false).connect()) {
      long before = usedMemory();
      // Kernel buffers on loopback take several MB of pongs before the server's own bound fills;
      // 400,000 pings (50 MB of pongs) would be far past it if nothing bounded the pongs.
      int sent = 0;
      while (sent < 400_000 && flooder.tryPing(payload)) {
        sent++;
      }
      MeterRegistry meters = server.server().meterRegistry();
      org.awaitility.Awaitility.await("the flooder to be closed as too slow").atMost(WAIT)
          .until(() -> meters.get("switchboard.ws.closes").tag("reason", "slow").counter().count() == 1.0);
      assertThat(sent).as("pings written before the server gave up").isLessThan(400_000);
      assertThat(usedMemory() - before).as("heap and buffer growth in bytes").isLessThan(32L << 20);
      healthy.sendText("still served");
      assertThat(healthy.receiveText(WAIT)).isEqualTo("still served");
    }
  }

  private static long usedMemory() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
    return heap + metric.usedDirectMemory() + metric.usedHeapMemory();
  }

  @Test
  void connectionsBeyondTheLimitGet503() {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echo(recorder)).maxConnections(2);
    });
        WebSocketTestClient first = WebSocketTestClient.connect(server.wsUri("/"));
        WebSocketTestClient second = WebSocketTestClient.connect(server.wsUri("/"))) {
      WebSocketTestClient third = WebSocketTestClient.connect(server.wsUri("/"));
      assertThat(third.handshakeStatus()).isEqualTo(503);
      assertThat(server.server().connectionCount()).isEqualTo(2);
      first.sendText("first still works");
      assertThat(first.receiveText(WAIT)).isEqualTo("first still works");

      second.close(1000, "making room");
      second.awaitClose(WAIT);
      org.awaitility.Awaitility.await().atMost(WAIT)
          .until(() -> server.server().connectionCount() == 1);
      WebSocketTestClient fourth = WebSocketTestClient.connect(server.wsUri("/"));
      assertThat(fourth.handshakeStatus()).isEqualTo(101);
      fourth.close();
    }
  }
}
