package dev.switchboard.redis;

import java.nio.charset.StandardCharsets;

/**
 * The byte layouts the layer stores in Redis lists and publishes to process receivers.
 *
 * <p>A list item is {@code "<deadline>|<body>"}; a frame for a process receiver is {@code
 * "<kind>|<deadline>|<name>|<payload>"}. Deadlines are epoch milliseconds in ASCII, so the Lua
 * scripts can read them; names follow {@link dev.switchboard.layer.Names} and never contain '|';
 * bodies are {@link MessageCodec} output, binary.
 */
final class Frames {
  /** A message for one process-specific channel; name = the channel, payload = the body. */
  static final byte CHANNEL = 'c';

  /** A group message for the receiving process's local members; name = the group. */
  static final byte GROUP = 'g';

  /** Another process added one of the receiver's channels to a group; payload = the channel. */
  static final byte JOIN = 'j';

  /** Another process removed one of the receiver's channels from a group. */
  static final byte LEAVE = 'l';

  private static final byte BAR = '|';

  private Frames() {}

  /** A parsed frame; the payload is {@code bytes[payloadOffset..]}, not copied. */
  record Frame(byte kind, long deadline, String name, byte[] bytes, int payloadOffset) {
    int payloadLength() {
      return bytes.length - payloadOffset;
    }

    String payloadAscii() {
      return new String(bytes, payloadOffset, payloadLength(), StandardCharsets.US_ASCII);
    }
  }

  /** Returns a list item: the deadline, '|', the body. */
  static byte[] item(long deadline, byte[] body) {
    byte[] head = (deadline + "|").getBytes(StandardCharsets.US_ASCII);
    return concat(head, body);
  }

  /** Returns the deadline of a list item. */
  static long itemDeadline(byte[] item) {
    return parseLong(item, 0, indexOfBar(item, 0));
  }

  /** Returns where the body of a list item starts. */
  static int itemBodyOffset(byte[] item) {
    return indexOfBar(item, 0) + 1;
  }

  /** Returns a frame for a process receiver. */
  static byte[] frame(byte kind, long deadline, String name, byte[] payload) {
    byte[] head =
        ((char) kind + "|" + deadline + "|" + name + "|").getBytes(StandardCharsets.US_ASCII);
    return concat(head, payload);
  }

  /**
   * Parses a frame.
   *
   * @throws IllegalArgumentException if it is not a frame
   */
  static Frame parse(byte[] frame) {
    if (frame.length < 2 || frame[1] != BAR) {
      throw new IllegalArgumentException("not a switchboard frame (" + frame.length + " bytes)");
    }
    int deadlineEnd = indexOfBar(frame, 2);
    int nameEnd = indexOfBar(frame, deadlineEnd + 1);
    long deadline = parseLong(frame, 2, deadlineEnd);
    String name =
        new String(frame, deadlineEnd + 1, nameEnd - deadlineEnd - 1, StandardCharsets.US_ASCII);
    return new Frame(frame[0], deadline, name, frame, nameEnd + 1);
  }

  private static int indexOfBar(byte[] bytes, int from) {
    // names are at most 100 characters and deadlines 20 digits: the bar is near
    int end = Math.min(bytes.length, from + 128);
    for (int i = from; i < end; i++) {
      if (bytes[i] == BAR) {
        return i;
      }
    }
    throw new IllegalArgumentException("malformed switchboard frame: no '|' after byte " + from);
  }

  private static long parseLong(byte[] bytes, int from, int to) {
    if (from >= to) {
      throw new IllegalArgumentException("malformed switchboard frame: empty deadline");
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = bytes[i] - '0';
      if (d < 0 || d > 9) {
        throw new IllegalArgumentException("malformed switchboard frame: bad deadline digit");
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static byte[] concat(byte[] head, byte[] tail) {
    byte[] out = new byte[head.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }
}
