package dev.switchboard.bench;

import java.util.Arrays;

/**
 * How many times each message of one sender was delivered, indexed by the sender's sequence
 * number, in chunks allocated as the sequence grows. Not thread-safe: each I/O thread keeps its
 * own and they are added up at the end.
 */
final class SeqCounts {
  private static final int CHUNK_BITS = 12;
  private static final int CHUNK = 1 << CHUNK_BITS;

  private int[][] chunks = new int[4][];

  /** Counts one delivery of message {@code seq}. */
  void increment(long seq) {
    if (seq < 0 || seq > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("seq must be from 0 to 2^31-1: " + seq);
    }
    int c = (int) (seq >>> CHUNK_BITS);
    if (c >= chunks.length) {
      chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
    }
    int[] chunk = chunks[c];
    if (chunk == null) {
      chunk = chunks[c] = new int[CHUNK];
    }
    chunk[(int) (seq & (CHUNK - 1))]++;
  }

  /** Returns the deliveries counted for message {@code seq}. */
  int get(long seq) {
    int c = (int) (seq >>> CHUNK_BITS);
    if (c >= chunks.length || chunks[c] == null) {
      return 0;
    }
    return chunks[c][(int) (seq & (CHUNK - 1))];
  }
}
