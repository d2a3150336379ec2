package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests no honest client sends get a 4xx status and a closed connection, never a hang or a
 * routed request, and a well-formed request on a new connection still works.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedRequestTest {
  private final Recorder recorder = new Recorder();
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(TestApps.echoAndHello(recorder));
  }

  @AfterEach
  void stop() throws Exception {
    // the server still answers a well-formed request
    assertThat(RawHttp.exchange(server.port(), "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
    server.close();
  }

  private void assertRefused(String request, int status) throws Exception {
    try (RawHttp http = new RawHttp(server.port())) {
      http.send(request);
      RawHttp.Response response = http.read();
      assertThat(response.status()).as("status for %s", request.lines().findFirst().orElse(""))
          .isEqualTo(status);
      assertThat(http.closedByServer()).as("connection closed").isTrue();
    }
  }

  @Test
  void requestLineOf64KibGets414() throws Exception {
    assertRefused("GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  }

  @Test
  void bareLfRequestLineGets400() throws Exception {
    assertRefused("GET / HTTP/1.1\nHost: x\r\n\r\n", 400);
  }

  @Test
  void requestLineWithoutVersionGets400() throws Exception {
    assertRefused("GET /\r\nHost: x\r\n\r\n", 400);
  }

  @Test
  void controlByteInMethodGets400() throws Exception {
    assertRefused("G\u0001T / HTTP/1.1\r\nHost: x\r\n\r\n", 400);
  }

  @Test
  void unknownHttpVersionGets505() throws Exception {
    assertRefused("GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505);
  }

  @Test
  void overflowingChunkSizeGets400AndClosesWithoutHanging() throws Exception {
    assertRefused("POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "fffffffffffffffff\r\nabc\r\n0\r\n\r\n", 400);
  }

  @Test
  void contentLengthWithTransferEncodingIsRefusedAsSmuggling() throws Exception {
    assertRefused("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
  }

  @Test
  void duplicateContentLengthIsRefusedAsSmuggling() throws Exception {
    assertRefused("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400);
  }

  @Test
  void listedContentLengthIsRefused() throws Exception {
    assertRefused("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", 400);
  }

  @Test
  void transferEncodingOtherThanChunkedGets501() throws Exception {
    assertRefused("POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501);
  }

  @Test
  void http11RequestWithoutHostGets400() throws Exception {
    assertRefused("GET / HTTP/1.1\r\n\r\n", 400);
  }

  @Test
  void duplicateHostGets400() throws Exception {
    assertRefused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
  }

  @Test
  void moreHeadersThanTheLimitGets431() throws Exception {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 101; i++) {
      request.append("X-H").append(i).append(": v\r\n");
    }
    assertRefused(request.append("\r\n").toString(), 431);
  }

  @Test
  void headersLargerThanTheLimitGet431() throws Exception {
    assertRefused("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(20_000) + "\r\n\r\n", 431);
  }
}
