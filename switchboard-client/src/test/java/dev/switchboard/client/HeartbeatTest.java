package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that completes the handshake and then never answers (as a hung process or a dead
 * network path does): the heartbeat must notice and reconnect.
 */
@Timeout(30)
class HeartbeatTest {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  @Test
  void aConnectionThatStopsAnsweringPingsIsDroppedAndReconnected() throws Exception {
    AtomicInteger handshakes = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> acceptSilently(server, handshakes));
      Events events = new Events();
      try (SwitchboardClient client = SwitchboardClient.builder(
              URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/"))
          .heartbeat(Duration.ofMillis(200), Duration.ofMillis(300))
          .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)))
          .listener(events).build()) {
        client.connect(Duration.ofSeconds(5));

        assertThat(events.await("lost", Duration.ofSeconds(5))).contains("no pong");
        assertThat(events.await("reopen", Duration.ofSeconds(5))).isEqualTo("reopen");
        assertThat(handshakes.get()).isGreaterThanOrEqualTo(2);
      }
    }
  }

  /** Answers every upgrade with 101 and then reads and ignores everything, pings included. */
  private static void acceptSilently(ServerSocket server, AtomicInteger handshakes) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> {
          try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
              if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
              }
            }
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            handshakes.incrementAndGet();
            while (in.read() >= 0) {
              // silent: pings go unanswered
            }
          } catch (IOException | java.security.NoSuchAlgorithmException e) {
            // the client dropped the connection: expected
          }
        });
      } catch (IOException closed) {
        return;
      }
    }
  }
}
