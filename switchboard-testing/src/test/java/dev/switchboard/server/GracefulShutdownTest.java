package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.InboundEvent;
import dev.switchboard.testing.TestServer;
import dev.switchboard.testing.WebSocketTestClient;
import dev.switchboard.testing.WebSocketTestClient.CloseStatus;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A graceful stop closes WebSockets with 1001 and lets running handlers finish. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void clientsSee1001AndInFlightHandlerFinishesBeforeStopCompletes() throws Exception {
    Recorder recorder = new Recorder();
    TestServer server = TestServer.start(TestApps.echo(recorder));
    WebSocketTestClient busy = WebSocketTestClient.connect(server.wsUri("/busy"));
    WebSocketTestClient idle = WebSocketTestClient.connect(server.wsUri("/idle"));
    busy.sendText("sleep:800");
    assertThat(recorder.next(WAIT)).isEqualTo("sleeping");

    CompletableFuture<Void> stopped = server.server().stop();
    assertThat(idle.awaitClose(WAIT)).isEqualTo(new CloseStatus(1001, "server shutting down"));
    assertThat(busy.awaitClose(WAIT)).isEqualTo(new CloseStatus(1001, "server shutting down"));
    assertThat(stopped).isNotDone(); // the sleeping handler still runs

    stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // both disconnects and the finished work were handled before stop() completed
    Duration none = Duration.ofMillis(1); // already recorded: no waiting
    String[] seen = {recorder.next(none), recorder.next(none), recorder.next(none)};
    assertThat(seen).containsExactlyInAnyOrder("woke", "disconnect 1001 server shutting down",
        "disconnect 1001 server shutting down");
    assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close())
        .isInstanceOf(IOException.class);
    server.close(); // idempotent
  }

  @Test
  void runningHttpRequestIsToldAndMayFinishItsResponse() throws Exception {
    Recorder recorder = new Recorder();
    Application slow = conn -> event -> {
      if (event instanceof InboundEvent.HttpRequest r && !r.moreBody()) {
        recorder.add("request");
        Thread.sleep(500);
        TestApps.respond(conn, 200, "finished late");
      } else if (event instanceof InboundEvent.HttpDisconnect) {
        recorder.add("http disconnect");
      }
    };
    TestServer server = TestServer.start(slow);
    try (RawHttp http = new RawHttp(server.port())) {
      http.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(recorder.next(WAIT)).isEqualTo("request");
      CompletableFuture<Void> stopped = server.server().stop();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("finished late");
      assertThat(http.closedByServer()).isTrue();
      stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(recorder.next(Duration.ofMillis(1))).isEqualTo("http disconnect");
    }
  }
}
