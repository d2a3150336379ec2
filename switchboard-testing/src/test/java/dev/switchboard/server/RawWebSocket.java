package dev.switchboard.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that writes any frame bytes, valid or not, for tests of
 * what the server does with frames a well-behaved client library would never send.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;
  static final int CLOSE = 8;
  static final int PING = 9;

  /** A frame read from the server. */
  record Frame(boolean fin, int opcode, byte[] payload) {
    /** Returns the close code of a close frame, or -1 if it has none. */
    int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    String closeReason() {
      return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the handshake on {@code path}, failing unless it is answered 101. */
  static RawWebSocket open(int port, String path) throws IOException {
    RawWebSocket ws = new RawWebSocket(new Socket("127.0.0.1", port));
    ws.socket.setSoTimeout(5000);
    ws.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    ws.out.flush();
    String head = RawHttp.readHead(ws.in);
    if (!head.startsWith("HTTP/1.1 101")) {
      ws.close();
      throw new IOException("handshake refused: " + head);
    }
    return ws;
  }

  /** Sends one masked frame with the given first-byte flags and opcode. */
  void send(boolean fin, int opcode, byte[] payload) throws IOException {
    out.write(frame(fin, opcode, payload));
    out.flush();
  }

  /** Returns the underlying socket. */
  Socket socket() {
    return socket;
  }

  /** Sends raw bytes as they are. */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends a close frame with {@code code} and the reason's bytes as given. */
  void sendClose(int code, byte[] reason) throws IOException {
    byte[] p = new byte[2 + reason.length];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(reason, 0, p, 2, reason.length);
    send(true, CLOSE, p);
  }

  /** Returns the bytes of one masked client frame. */
  static byte[] frame(boolean fin, int opcode, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((fin ? 0x80 : 0) | opcode);
    int n = payload.length;
    if (n < 126) {
      b.write(0x80 | n);
    } else if (n < 65536) {
      b.write(0x80 | 126);
      b.write(n >> 8);
      b.write(n);
    } else {
      b.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        b.write((int) ((long) n >> (8 * i)));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    b.writeBytes(mask);
    for (int i = 0; i < n; i++) {
      b.write(payload[i] ^ mask[i & 3]);
    }
    return b.toByteArray();
  }

  /** Reads the next frame, or returns null once the server has closed the connection. */
  Frame read() throws IOException {
    int b0;
    try {
      b0 = in.read();
    } catch (SocketException e) {
      return null; // reset
    }
    if (b0 < 0) {
      return null;
    }
    int b1 = in.readUnsignedByte();
    long n = b1 & 0x7f;
    if (n == 126) {
      n = in.readUnsignedShort();
    } else if (n == 127) {
      n = in.readLong();
    }
    byte[] payload = new byte[(int) n];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0x0f, payload);
  }

  /** Reads frames until a close frame, skipping pings; fails if the connection ends first. */
  Frame readClose() throws IOException {
    for (Frame f; (f = read()) != null; ) {
      if (f.opcode() == CLOSE) {
        return f;
      }
    }
    throw new EOFException("connection closed without a close frame");
  }

  /** Returns whether the server closed the TCP connection within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (read() != null) {
        // drain what is left
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
