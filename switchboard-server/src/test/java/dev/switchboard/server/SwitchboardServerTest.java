package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Application;
import dev.switchboard.Headers;
import dev.switchboard.InboundEvent;
import dev.switchboard.OutboundEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's lifecycle: start on a free port, answer, refuse a taken port, stop. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SwitchboardServerTest {
  private static final Application HELLO = conn -> event -> {
    if (event instanceof InboundEvent.HttpRequest r && !r.moreBody()) {
      conn.send(new OutboundEvent.HttpResponseStart(200, Headers.of("content-type", "text/plain")));
      conn.send(new OutboundEvent.HttpResponseBody(
          ("hello " + conn.scope().path()).getBytes(StandardCharsets.UTF_8), false));
    }
  };

  @Test
  void startsOnAFreePortAnswersAndStops() throws Exception {
    SwitchboardServer server = SwitchboardServer.create(cfg -> cfg.port(0).application(HELLO));
    assertThatThrownBy(server::port).hasMessage("server not started: call start() first");
    assertThat(server.start()).isSameAs(server);
    assertThat(server.port()).isPositive();
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/x%20y"))
            .timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("hello /x y");
    assertThatThrownBy(server::start).hasMessageContaining("already started");
    server.stop().get(10, TimeUnit.SECONDS);
    assertThat(server.stop()).isDone(); // the same future again
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void takenPortFailsWithAClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      SwitchboardServer server =
          SwitchboardServer.create(cfg -> cfg.port(taken.getLocalPort()).application(HELLO));
      assertThatThrownBy(server::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot bind 127.0.0.1:" + taken.getLocalPort());
      server.close(); // stopping a server that never started completes at once
    }
  }
}
