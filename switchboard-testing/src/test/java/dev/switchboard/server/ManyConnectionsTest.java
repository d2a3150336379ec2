package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Thousands of concurrent WebSockets on one server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {
  private static final int SOCKETS = 2000;

  @Test
  void twoThousandConcurrentSocketsEachGetTheirOwnEcho() {
    Recorder recorder = new Recorder();
    try (TestServer server = TestServer.start(TestApps.echo(recorder))) {
      List<CompletableFuture<WebSocketTestClient>> pending = new ArrayList<>();
      for (int i = 0; i < SOCKETS; i++) {
        pending.add(WebSocketTestClient.builder(server.wsUri("/echo?n=" + i))
            .timeout(Duration.ofSeconds(60)).connectAsync());
      }
      List<WebSocketTestClient> clients = pending.stream().map(CompletableFuture::join).toList();
      try {
        assertThat(clients).allMatch(WebSocketTestClient::accepted);
        assertThat(server.server().connectionCount()).isEqualTo(SOCKETS);
        await().atMost(Duration.ofSeconds(5)).until(() -> activeWebSockets(server) == SOCKETS);
        for (int i = 0; i < SOCKETS; i++) {
          clients.get(i).sendText("message " + i);
        }
        for (int i = 0; i < SOCKETS; i++) {
          assertThat(clients.get(i).receiveText(Duration.ofSeconds(30))).isEqualTo("message " + i);
        }
        for (WebSocketTestClient c : clients) {
          c.receiveNothing(Duration.ZERO);
        }
        assertThat(server.server().meterRegistry().get("switchboard.ws.messages")
            .tag("direction", "in").counter().count()).isEqualTo(SOCKETS);
      } finally {
        clients.forEach(WebSocketTestClient::abort);
      }
      await().atMost(Duration.ofSeconds(30))
          .until(() -> server.server().connectionCount() == 0 && activeWebSockets(server) == 0);
    }
  }

  private static double activeWebSockets(TestServer server) {
    return server.server().meterRegistry().get("switchboard.connections.active")
        .tag("type", "websocket").gauge().value();
  }
}
