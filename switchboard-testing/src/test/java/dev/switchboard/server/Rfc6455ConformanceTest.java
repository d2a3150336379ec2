package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 sections 5 to 7 from the wire: each case writes the frames a hostile or broken client
 * could send and asserts the close frame the server answers with, then that an honest client on
 * the same server is unaffected.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Rfc6455ConformanceTest {
  private final Recorder recorder = new Recorder();
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(TestApps.echo(recorder));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Section 7.4: codes not defined, reserved for the endpoint, or beyond 4999 are errors. */
  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
  void closeWithInvalidCodeFailsWith1002(int code) throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.sendClose(code, "bye".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame close = ws.readClose();
      assertThat(close.closeCode()).as("close code answering %d", code).isEqualTo(1002);
      assertThat(close.closeReason()).contains(String.valueOf(code));
      assertThat(ws.closedByServer()).isTrue();
    }
    assertOthersUnaffected();
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
  void closeWithValidCodeIsEchoed(int code) throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.sendClose(code, "ok".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame close = ws.readClose();
      assertThat(close.closeCode()).isEqualTo(code);
      assertThat(close.closeReason()).isEqualTo("ok");
    }
    assertThat(recorder.next(Duration.ofSeconds(5))).isEqualTo("disconnect " + code + " ok");
  }

  @Test
  void closeReasonEndingInTruncatedUtf8FailsWith1007() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // 3 bytes; send the first 2
      ws.sendClose(1000, new byte[] {'o', 'k', euro[0], euro[1]});
      assertThat(ws.readClose().closeCode()).isEqualTo(1007);
    }
    assertOthersUnaffected();
  }

  @Test
  void closeWithOneBytePayloadFailsWith1002() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(true, RawWebSocket.CLOSE, new byte[] {3});
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
  }

  @Test
  void emptyCloseIsEchoedAndReportedAs1005() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(true, RawWebSocket.CLOSE, new byte[0]);
      assertThat(ws.readClose().closeCode()).isEqualTo(-1);
    }
    assertThat(recorder.next(Duration.ofSeconds(5))).startsWith("disconnect 1005");
  }

  /** Section 5.5: control frames carry at most 125 bytes and are never fragmented. */
  @Test
  void controlFrameOver125BytesFailsWith1002() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(true, RawWebSocket.PING, new byte[126]);
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
    assertOthersUnaffected();
  }

  @Test
  void fragmentedPingFailsWith1002() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(false, RawWebSocket.PING, new byte[] {1});
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
  }

  /** Section 5.2: reserved bits without an extension, reserved opcodes, unmasked frames. */
  @ParameterizedTest
  @ValueSource(ints = {0xC1, 0xA1, 0x91, 0x83, 0x87, 0x8B, 0x8F})
  void reservedBitsOrOpcodesFailWith1002(int firstByte) throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      byte[] frame = RawWebSocket.frame(true, RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8));
      frame[0] = (byte) firstByte;
      ws.sendRaw(frame);
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
    assertOthersUnaffected();
  }

  @Test
  void unmaskedFrameFailsWith1002() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.sendRaw(new byte[] {(byte) 0x81, 0x01, 'x'});
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
  }

  @Test
  void continuationWithoutAStartFailsWith1002() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(true, RawWebSocket.CONTINUATION, "x".getBytes(StandardCharsets.UTF_8));
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
  }

  @Test
  void newMessageInsideAFragmentedOneFailsWith1002() throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(false, RawWebSocket.TEXT, "a".getBytes(StandardCharsets.UTF_8));
      ws.send(true, RawWebSocket.TEXT, "b".getBytes(StandardCharsets.UTF_8));
      assertThat(ws.readClose().closeCode()).isEqualTo(1002);
    }
  }

  /** Section 8.1: a code point split across fragments is fine; an invalid sequence is 1007. */
  @Test
  void utf8SplitAcrossFragmentsIsJoined() throws Exception {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(false, RawWebSocket.TEXT, new byte[] {euro[0]});
      ws.send(false, RawWebSocket.CONTINUATION, new byte[] {euro[1]});
      ws.send(true, RawWebSocket.CONTINUATION, new byte[] {euro[2]});
      RawWebSocket.Frame echo = ws.read();
      assertThat(echo.opcode()).isEqualTo(RawWebSocket.TEXT);
      assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("€");
    }
  }

  @Test
  void invalidUtf8SplitAcrossFragmentsFailsWith1007() throws Exception {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/")) {
      ws.send(false, RawWebSocket.TEXT, new byte[] {euro[0]});
      ws.send(true, RawWebSocket.CONTINUATION, new byte[] {euro[1], 'x'});
      assertThat(ws.readClose().closeCode()).isEqualTo(1007);
    }
    assertOthersUnaffected();
  }

  private void assertOthersUnaffected() throws Exception {
    try (RawWebSocket other = RawWebSocket.open(server.port(), "/")) {
      other.send(true, RawWebSocket.TEXT, "still here".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame echo = other.read();
      assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("still here");
    }
  }
}
