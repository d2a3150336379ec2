package dev.switchboard.internal;

/**
 * A process-wide, direct-mapped cache of recently seen short strings, so the values thousands of
 * open WebSockets have in common (a host header, a room's path and name) are held once rather
 * than once per socket. A string only replaces the one in its slot, so odd values cannot fill
 * the cache; concurrent callers may race, which only misses a share. Thread-safe.
 *
 * <p>Only for values that repeat between connections: secrets (cookies, tokens) would outlive
 * their connection here.
 *
 * <p>Internal API: used by Switchboard's own modules, not by applications.
 */
public final class SharedStrings {
  private static final int SLOTS = 4096; // a power of two
  private static final int MAX_LENGTH = 256;
  private static final String[] CACHE = new String[SLOTS];

  private SharedStrings() {}

  /** Returns a string equal to {@code s}: the cached one if there is one, else {@code s}. */
  public static String share(String s) {
    if (s.length() > MAX_LENGTH) {
      return s;
    }
    int bits = Integer.numberOfTrailingZeros(SLOTS);
    int slot = (s.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - bits);
    String cached = CACHE[slot];
    if (s.equals(cached)) {
      return cached;
    }
    CACHE[slot] = s;
    return s;
  }
}
