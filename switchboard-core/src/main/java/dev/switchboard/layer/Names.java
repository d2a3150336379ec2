package dev.switchboard.layer;

/**
 * The naming rules of channels and groups (those of the Channels specification), checked at
 * every layer boundary.
 */
public final class Names {
  /** The longest allowed channel or group name. */
  public static final int MAX_LENGTH = 100;

  private Names() {}

  /**
   * Checks a channel name: ASCII letters, digits, '-', '_' or '.', optionally followed by '!' and
   * more of the same (a process-specific channel), at most 100 characters.
   *
   * @return the name
   * @throws IllegalArgumentException naming the rule and the name
   */
  public static String checkChannel(String name) {
    if (name == null || !valid(name, true)) {
      throw new IllegalArgumentException(
          "channel name must be ASCII letters, digits, '-', '_' or '.', optionally followed by"
              + " '!' and more of them, at most "
              + MAX_LENGTH
              + " characters: '"
              + name
              + "'");
    }
    return name;
  }

  /**
   * Checks a group name: ASCII letters, digits, '-', '_' or '.', at most 100 characters.
   *
   * @return the name
   * @throws IllegalArgumentException naming the rule and the name
   */
  public static String checkGroup(String name) {
    if (name == null || !valid(name, false)) {
      throw new IllegalArgumentException(
          "group name must be ASCII letters, digits, '-', '_' or '.', at most "
              + MAX_LENGTH
              + " characters: '"
              + name
              + "'");
    }
    return name;
  }

  /**
   * Returns whether {@code name} is 1 to {@value #MAX_LENGTH} name characters, with at most one
   * '!' after the first character when {@code bang} allows it. A loop rather than a regular
   * expression: every group send checks its group's name.
   */
  private static boolean valid(String name, boolean bang) {
    int n = name.length();
    if (n == 0 || n > MAX_LENGTH || !nameChar(name.charAt(0))) {
      return false;
    }
    boolean bangSeen = false;
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!nameChar(c)) {
        if (c != '!' || !bang || bangSeen) {
          return false;
        }
        bangSeen = true;
      }
    }
    return true;
  }

  private static boolean nameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  /** Returns whether a channel name is process-specific (contains '!'). */
  public static boolean isProcessSpecific(String channel) {
    return channel.indexOf('!') >= 0;
  }
}
