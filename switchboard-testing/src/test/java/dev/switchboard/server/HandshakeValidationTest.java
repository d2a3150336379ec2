package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upgrade requests that break RFC 6455 section 4.2.1 or RFC 9112 are refused with 400 before the
 * application sees them; the origin check, on by default, compares scheme, host and port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeValidationTest {
  private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  private static final String VERSION = "Sec-WebSocket-Version: 13\r\n";
  private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

  private final Recorder recorder = new Recorder();
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(TestApps.echoAndHello(recorder));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String host() {
    return "Host: 127.0.0.1:" + server.port() + "\r\n";
  }

  private int status(String request) throws Exception {
    String head = RawHttp.exchange(server.port(), request);
    return Integer.parseInt(head.split(" ")[1]);
  }

  private int upgrade(String requestLine, String headers) throws Exception {
    return status(requestLine + "\r\n" + headers + "\r\n");
  }

  @Test
  void validUpgradeIsAccepted() throws Exception {
    assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + KEY + VERSION)).isEqualTo(101);
  }

  @Test
  void connectionHeaderListingUpgradeAmongOthersIsAccepted() throws Exception {
    String firefox = "Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n";
    assertThat(upgrade("GET / HTTP/1.1", host() + firefox + KEY + VERSION)).isEqualTo(101);
    String noUpgradeToken = "Upgrade: websocket\r\nConnection: keep-alive\r\n";
    assertThat(upgrade("GET / HTTP/1.1", host() + noUpgradeToken + KEY + VERSION)).isEqualTo(400);
  }

  @Test
  void upgradeWithoutHostGets400() throws Exception {
    assertThat(upgrade("GET / HTTP/1.1", UPGRADE + KEY + VERSION)).isEqualTo(400);
  }

  @Test
  void upgradeWithDuplicateHostGets400() throws Exception {
    assertThat(upgrade("GET / HTTP/1.1", host() + host() + UPGRADE + KEY + VERSION)).isEqualTo(400);
  }

  @Test
  void duplicateKeyGets400() throws Exception {
    assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + KEY + KEY + VERSION)).isEqualTo(400);
  }

  @Test
  void keyThatIsNotSixteenBytesOfBase64Gets400() throws Exception {
    for (String key : new String[] {"abc", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZQ", "!!!!!!!!!!!!!!!!!!!!!!==",
        "dGhlIHNhbXBsZSBub25jZSEh"}) {
      assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + "Sec-WebSocket-Key: " + key + "\r\n" + VERSION))
          .as("key %s", key).isEqualTo(400);
    }
  }

  @Test
  void duplicateVersionHeaderGets400() throws Exception {
    assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + KEY + VERSION + VERSION)).isEqualTo(400);
  }

  @Test
  void upgradeOverHttp10Gets400() throws Exception {
    assertThat(upgrade("GET / HTTP/1.0", host() + UPGRADE + KEY + VERSION)).isEqualTo(400);
  }

  @Test
  void originWithOtherSchemeIsRefusedWith403() throws Exception {
    String https = "Origin: https://127.0.0.1:" + server.port() + "\r\n";
    assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + KEY + VERSION + https)).isEqualTo(403);
    String http = "Origin: http://127.0.0.1:" + server.port() + "\r\n";
    assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + KEY + VERSION + http)).isEqualTo(101);
  }

  @Test
  void foreignOriginIsRefusedByDefault() throws Exception {
    String evil = "Origin: http://evil.example:" + server.port() + "\r\n";
    assertThat(upgrade("GET / HTTP/1.1", host() + UPGRADE + KEY + VERSION + evil)).isEqualTo(403);
  }

  @Test
  void anyOriginCanBeAllowedInTheConfiguration() throws Exception {
    try (TestServer open = TestServer.startWith(cfg -> {
      cfg.application(TestApps.echo(recorder)).allowedOrigins("*");
    })) {
      String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + open.port() + "\r\n" + UPGRADE + KEY
          + VERSION + "Origin: https://elsewhere.example\r\n\r\n";
      assertThat(RawHttp.exchange(open.port(), request)).startsWith("HTTP/1.1 101");
    }
  }
}
