package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client across a server restart: it reconnects and flushes what was sent meanwhile. */
@Timeout(60)
class ReconnectTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

  @Test
  void survivesAServerRestartAndFlushesQueuedSendsInOrder() throws Exception {
    TestServer server = TestServer.start(SwitchboardClientTest.ECHO);
    int port = server.port();
    Events events = new Events();
    try (SwitchboardClient client = SwitchboardClient.builder(server.wsUri("/"))
        .backoff(FAST).listener(events).build()) {
      client.connect(WAIT);
      client.send("before");
      assertThat(client.receive(WAIT)).isEqualTo("before");

      server.close(); // graceful: the server closes the socket with 1001
      assertThat(events.await("lost", WAIT)).contains("1001");
      assertThat(client.state()).isEqualTo(ClientState.RECONNECTING);
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sends.add(client.sendAsync("while down " + i));
      }
      assertThat(sends).noneMatch(CompletableFuture::isDone);
      assertThat(events.await("lost", WAIT)).as("attempts fail while the port is closed")
          .contains("cannot connect: ");

      server = TestServer.startWith(cfg -> cfg.application(SwitchboardClientTest.ECHO).port(port));
      assertThat(events.await("reopen", WAIT)).isEqualTo("reopen");
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      for (int i = 0; i < 20; i++) {
        assertThat(client.receive(WAIT)).isEqualTo("while down " + i);
      }
      assertThat(client.connections()).isEqualTo(2);
      assertThat(client.queuedSends()).isZero();
    } finally {
      server.close();
    }
  }

  @Test
  void sendsBeyondTheQueueLimitFailAtOnceWhileDisconnected() throws Exception {
    try (SwitchboardClient client = SwitchboardClient.builder(java.net.URI.create("ws://127.0.0.1:1/"))
        .backoff(FAST).sendQueueLimit(3).build()) {
      client.connectAsync();
      for (int i = 0; i < 3; i++) {
        assertThat(client.sendAsync("m" + i)).isNotDone();
      }
      CompletableFuture<Void> fourth = client.sendAsync("m3");

      assertThatThrownBy(() -> fourth.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(SendQueueFullException.class).hasMessageContaining("3 messages");
      assertThat(client.queuedSends()).isEqualTo(3);
    }
  }

  @Test
  void withReconnectOffALostConnectionClosesTheClient() throws Exception {
    TestServer server = TestServer.start(SwitchboardClientTest.ECHO);
    Events events = new Events();
    try (SwitchboardClient client = SwitchboardClient.builder(server.wsUri("/"))
        .reconnect(false).listener(events).build()) {
      client.connect(WAIT);
      server.close();

      assertThat(events.await("closed", WAIT)).contains("1001").contains("reconnect is off");
      assertThat(client.state()).isEqualTo(ClientState.CLOSED);
    }
  }
}
