package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Limits one client cannot get around: a request head trickled byte by byte (slowloris), too
 * many connections from one address, too many messages on one WebSocket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbuseLimitsTest {
  private final Recorder recorder = new Recorder();

  @Test
  void slowlorisIsCutAtTheHeadTimeoutFromTheFirstByteWhateverItsPace() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echoAndHello(recorder)).requestHeadTimeout(Duration.ofMillis(800));
    });
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(100);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] request = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.ISO_8859_1);
      long start = System.nanoTime();
      StringBuilder answer = new StringBuilder();
      boolean closed = false;
      // one byte every 100 ms: each byte arrives well within any idle timeout
      for (int i = 0; i < request.length && !closed; i++) {
        try {
          out.write(request[i]);
          out.flush();
        } catch (IOException e) {
          closed = true;
          break;
        }
        try {
          int b;
          while ((b = in.read()) != -1) {
            answer.append((char) b);
          }
          closed = true;
        } catch (java.net.SocketTimeoutException e) {
          // nothing yet
        } catch (java.net.SocketException e) {
          closed = true;
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(closed).as("connection closed before the head was complete").isTrue();
      assertThat(answer.toString()).startsWith("HTTP/1.1 408");
      assertThat(elapsed).isBetween(Duration.ofMillis(700), Duration.ofMillis(3000));
    }
  }

  @Test
  void aCompleteRequestAfterAnIdlePauseIsNotCut() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echoAndHello(recorder)).requestHeadTimeout(Duration.ofMillis(500));
    });
        RawHttp http = new RawHttp(server.port())) {
      http.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(200);
      Thread.sleep(700); // longer than the head timeout, with no request under way
      http.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read().body()).isEqualTo("hello GET /b");
    }
  }

  @Test
  void connectionsBeyondThePerAddressLimitGet429AndOthersStayOpen() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echoAndHello(recorder)).maxConnectionsPerIp(3, true);
    })) {
      List<RawWebSocket> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          open.add(RawWebSocket.open(server.port(), "/"));
        }
        assertThat(RawHttp.exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
            .startsWith("HTTP/1.1 429");
        open.getFirst().send(true, RawWebSocket.TEXT, "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(open.getFirst().read().payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
        open.removeFirst().close();
        // the closed connection's place is free again once the server has seen the close
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> RawHttp.exchange(server.port(),
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));
      } finally {
        for (RawWebSocket ws : open) {
          ws.close();
        }
      }
    }
  }

  @Test
  void loopbackIsExemptFromThePerAddressLimitByDefault() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echoAndHello(recorder)).maxConnectionsPerIp(1, false);
    });
        RawWebSocket a = RawWebSocket.open(server.port(), "/");
        RawWebSocket b = RawWebSocket.open(server.port(), "/")) {
      b.send(true, RawWebSocket.TEXT, "b".getBytes(StandardCharsets.UTF_8));
      assertThat(b.read().payload()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void messagesAboveTheRateCloseWith1008NamingTheLimit() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echoAndHello(recorder)).messageRate(10, 20);
    });
        RawWebSocket flood = RawWebSocket.open(server.port(), "/");
        RawWebSocket calm = RawWebSocket.open(server.port(), "/")) {
      byte[] frames = new byte[0];
      for (int i = 0; i < 200; i++) {
        byte[] f = RawWebSocket.frame(true, RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8));
        byte[] joined = new byte[frames.length + f.length];
        System.arraycopy(frames, 0, joined, 0, frames.length);
        System.arraycopy(f, 0, joined, frames.length, f.length);
        frames = joined;
      }
      flood.sendRaw(frames);
      RawWebSocket.Frame close = flood.readClose();
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason()).contains("10 messages a second");
      assertThat(recorder.await(l -> l.startsWith("disconnect 1008"), "the flood's disconnect",
          Duration.ofSeconds(5))).contains("rate");
      calm.send(true, RawWebSocket.TEXT, "fine".getBytes(StandardCharsets.UTF_8));
      assertThat(calm.read().payload()).isEqualTo("fine".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void messagesWithinTheRateAreAllDelivered() throws Exception {
    try (TestServer server = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echoAndHello(recorder)).messageRate(10, 20);
    });
        RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      for (int i = 0; i < 20; i++) {
        ws.send(true, RawWebSocket.TEXT, ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(new String(ws.read().payload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
      }
    }
  }
}
