package dev.switchboard.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A seeded generator of hostile inputs: valid HTTP requests and WebSocket frames, then mutated
 * (bits flipped, bytes inserted, deleted, repeated or replaced with boundary values, lengths
 * changed, lines duplicated or cut). The same seed gives the same inputs, so a failure can be
 * replayed with {@code -Dfuzz.seed=N}.
 */
final class Mutator {
  private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '\r', '\n', ' ', ':', '%', '.', '/',
      (byte) 0xc0, (byte) 0xed, (byte) 0xf4, 0x7e};
  private static final String[] HEADERS = {"Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "Content-Length: 5",
      "Transfer-Encoding: chunked", "Origin: http://127.0.0.1", "Sec-WebSocket-Protocol: a, b",
      "Cookie: a=b", "Expect: 100-continue", "Connection: close"};

  private final Random random;

  Mutator(long seed) {
    this.random = new Random(seed);
  }

  /** Returns an HTTP request (an upgrade more often than not), mutated or not. */
  byte[] request() {
    StringBuilder b = new StringBuilder();
    String[] methods = {"GET", "POST", "HEAD", "PUT", "OPTIONS", "G\u0000T", "CONNECT"};
    String[] targets = {"/", "/ws", "/static/../x", "/%2e%2e/", "/a?b=c", "*", "http://h/x", "/" + "a".repeat(random.nextInt(9000))};
    b.append(methods[random.nextInt(3) == 0 ? random.nextInt(methods.length) : 0]).append(' ')
        .append(targets[random.nextInt(targets.length)]).append(' ')
        .append(random.nextInt(10) == 0 ? "HTTP/1.0" : "HTTP/1.1").append("\r\n");
    int headers = random.nextInt(8);
    for (int i = 0; i < headers; i++) {
      b.append(HEADERS[random.nextInt(HEADERS.length)]).append("\r\n");
    }
    if (random.nextBoolean()) { // a complete valid upgrade as the base
      b.setLength(0);
      b.append("GET /ws HTTP/1.1\r\n").append(String.join("\r\n", java.util.List.of(HEADERS).subList(0, 5))).append("\r\n");
    }
    b.append("\r\n");
    if (random.nextInt(4) == 0) {
      b.append("0\r\n\r\nabcde");
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.ISO_8859_1);
    return random.nextInt(8) == 0 ? bytes : mutate(bytes, 1 + random.nextInt(6));
  }

  /** Returns one or more client WebSocket frames, mutated or not. */
  byte[] frames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(6);
      byte[] payload = payload(kind == 3 || kind == 4 ? random.nextInt(130) : random.nextInt(300));
      byte[] frame = switch (kind) {
        case 0 -> RawWebSocket.frame(true, RawWebSocket.TEXT, utf8(payload.length));
        case 1 -> RawWebSocket.frame(true, RawWebSocket.BINARY, payload);
        case 2 -> fragments(payload);
        case 3 -> RawWebSocket.frame(true, RawWebSocket.PING, payload);
        case 4 -> RawWebSocket.frame(true, 0xA, payload);
        default -> closeFrame();
      };
      out.writeBytes(frame);
    }
    byte[] bytes = out.toByteArray();
    return random.nextInt(5) == 0 ? bytes : mutate(bytes, 1 + random.nextInt(4));
  }

  private byte[] fragments(byte[] payload) {
    int cut = payload.length == 0 ? 0 : random.nextInt(payload.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(RawWebSocket.frame(false, random.nextBoolean() ? RawWebSocket.TEXT : RawWebSocket.BINARY,
        java.util.Arrays.copyOfRange(payload, 0, cut)));
    out.writeBytes(RawWebSocket.frame(true, RawWebSocket.CONTINUATION,
        java.util.Arrays.copyOfRange(payload, cut, payload.length)));
    return out.toByteArray();
  }

  private byte[] closeFrame() {
    int[] codes = {1000, 1001, 999, 1005, 1006, 1015, 3000, 4999, 5000, 65535, 0};
    int code = codes[random.nextInt(codes.length)];
    byte[] reason = payload(random.nextInt(20));
    byte[] p = new byte[2 + reason.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(reason, 0, p, 2, reason.length);
    return RawWebSocket.frame(true, RawWebSocket.CLOSE, p);
  }

  private byte[] utf8(int chars) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < chars; i++) {
      s.appendCodePoint(random.nextInt(5) == 0 ? 0x80 + random.nextInt(0x10000 - 0x80 - 0x800) : 'a' + random.nextInt(26));
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] payload(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Applies {@code times} random mutations to {@code input}. */
  byte[] mutate(byte[] input, int times) {
    byte[] b = input;
    for (int t = 0; t < times && b.length > 0; t++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(7)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
        case 2 -> b = splice(b, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]}, 0);
        case 3 -> b = splice(b, at, new byte[0], Math.min(b.length - at, 1 + random.nextInt(8)));
        case 4 -> { // repeat a run
          int len = Math.min(b.length - at, 1 + random.nextInt(40));
          b = splice(b, at, java.util.Arrays.copyOfRange(b, at, at + len), 0);
        }
        case 5 -> b = java.util.Arrays.copyOf(b, at); // truncate
        default -> b[at] = (byte) random.nextInt(256);
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int at, byte[] insert, int remove) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }
}
