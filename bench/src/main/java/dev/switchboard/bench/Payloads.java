package dev.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The load generator's chat messages: {@code {"message":"sb|SENDER|SEQ|NANOS|xxx..."}}, where
 * SENDER is the global sender number, SEQ the sender's message number, and NANOS the send time
 * on this process's {@link System#nanoTime()} clock (senders and their rooms' members live in one
 * process, so no clock crosses a process). The text is plain ASCII with no character JSON
 * escapes, so any server relays it verbatim whatever JSON encoder it uses.
 */
final class Payloads {
  /** The marker that starts a load generator message inside a frame. */
  private static final byte[] MARK = {'s', 'b', '|'};

  private static final byte[] HEAD = "{\"message\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] TAIL = {'"', '}'};

  private Payloads() {}

  /**
   * Writes a client message into a new buffer; the message text is padded with 'x' to {@code
   * textBytes} characters when the fields are shorter.
   */
  static ByteBuf encode(ByteBufAllocator alloc, int sender, long seq, long nanos, int textBytes) {
    ByteBuf buf = alloc.buffer(HEAD.length + Math.max(textBytes, 64) + TAIL.length);
    buf.writeBytes(HEAD);
    int start = buf.writerIndex();
    buf.writeBytes(MARK);
    writeDecimal(buf, sender);
    buf.writeByte('|');
    writeDecimal(buf, seq);
    buf.writeByte('|');
    writeDecimal(buf, nanos);
    buf.writeByte('|');
    int pad = textBytes - (buf.writerIndex() - start);
    for (int i = 0; i < pad; i++) {
      buf.writeByte('x');
    }
    buf.writeBytes(TAIL);
    return buf;
  }

  /**
   * Parses a received frame's payload into {@code out} (sender, seq, nanos) and returns true, or
   * returns false when the frame holds no load generator message.
   */
  static boolean decode(ByteBuf frame, long[] out) {
    int end = frame.writerIndex();
    int i = indexOfMark(frame, frame.readerIndex(), end);
    if (i < 0) {
      return false;
    }
    i += MARK.length;
    for (int f = 0; f < 3; f++) {
      long v = 0;
      int digits = 0;
      for (; i < end; i++) {
        byte b = frame.getByte(i);
        if (b == '|') {
          break;
        }
        if (b < '0' || b > '9' || ++digits > 18) {
          return false;
        }
        v = v * 10 + (b - '0');
      }
      if (i >= end || digits == 0) {
        return false;
      }
      out[f] = v;
      i++;
    }
    return true;
  }

  private static int indexOfMark(ByteBuf buf, int from, int end) {
    for (int i = from; i + MARK.length <= end; i++) {
      if (buf.getByte(i) == MARK[0] && buf.getByte(i + 1) == MARK[1] && buf.getByte(i + 2) == MARK[2]) {
        return i;
      }
    }
    return -1;
  }

  private static void writeDecimal(ByteBuf buf, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("value must be >= 0: " + v);
    }
    if (v < 10) {
      buf.writeByte('0' + (int) v);
      return;
    }
    int n = 0;
    for (long x = v; x > 0; x /= 10) {
      n++;
    }
    int at = buf.writerIndex() + n - 1;
    buf.ensureWritable(n);
    for (long x = v; x > 0; x /= 10) {
      buf.setByte(at--, '0' + (int) (x % 10));
    }
    buf.writerIndex(buf.writerIndex() + n);
  }
}
