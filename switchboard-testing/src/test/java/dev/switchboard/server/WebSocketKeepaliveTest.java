package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import dev.switchboard.testing.WebSocketTestClient.CloseStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server pings keep live clients open and find dead ones; idle connections are closed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketKeepaliveTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Recorder recorder = new Recorder();

  @Test
  void pongsKeepASilentClientAliveBeyondTheIdleTimeout() {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echo(recorder))
          .pingInterval(Duration.ofMillis(100))
          .pongTimeout(Duration.ofMillis(400))
          .idleTimeout(Duration.ofMillis(500));
    });
        WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/"))) {
      // ten pings take about a second, twice the idle timeout, and the client says nothing
      await().atMost(WAIT).until(() -> ws.pingsReceived() >= 10);
      assertThat(ws.isOpen()).isTrue();
      ws.sendText("still alive");
      assertThat(ws.receiveText(WAIT)).isEqualTo("still alive");
      recorder.expectNothing(Duration.ofMillis(50));
    }
  }

  @Test
  void clientThatDoesNotAnswerPingsIsClosedWith1001() {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echo(recorder))
          .pingInterval(Duration.ofMillis(100))
          .pongTimeout(Duration.ofMillis(300))
          .idleTimeout(Duration.ZERO);
    });
        WebSocketTestClient mute = WebSocketTestClient.builder(server.wsUri("/"))
            .autoPong(false).connect();
        WebSocketTestClient live = WebSocketTestClient.connect(server.wsUri("/"))) {
      assertThat(mute.awaitClose(WAIT)).isEqualTo(new CloseStatus(1001, "pong timeout"));
      assertThat(mute.pingsReceived()).isGreaterThanOrEqualTo(1);
      assertThat(recorder.next(WAIT)).isEqualTo("disconnect 1001 pong timeout");
      live.sendText("unaffected");
      assertThat(live.receiveText(WAIT)).isEqualTo("unaffected");
      MeterRegistry meters = server.server().meterRegistry();
      assertThat(meters.get("switchboard.ws.closes").tag("reason", "pong_timeout").counter().count())
          .isEqualTo(1.0);
    }
  }

  @Test
  void silentClientIsClosedAfterTheIdleTimeoutWhenPingsAreOff() {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echo(recorder))
          .pingInterval(Duration.ZERO)
          .idleTimeout(Duration.ofMillis(300));
    });
        WebSocketTestClient ws = WebSocketTestClient.connect(server.wsUri("/"))) {
      assertThat(ws.awaitClose(WAIT)).isEqualTo(new CloseStatus(1001, "idle timeout"));
      assertThat(ws.pingsReceived()).isZero();
    }
  }
}
