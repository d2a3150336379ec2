package dev.switchboard.layer;

import java.util.regex.Pattern;

/**
 * The naming rules of channels and groups (those of the Channels specification), checked at
 * every layer boundary.
 */
public final class Names {
  /** The longest allowed channel or group name. */
  public static final int MAX_LENGTH = 100;

  private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.\\-]+(![A-Za-z0-9_.\\-]*)?");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.\\-]+");

  private Names() {}

  /**
   * Checks a channel name: ASCII letters, digits, '-', '_' or '.', optionally followed by '!' and
   * more of the same (a process-specific channel), at most 100 characters.
   *
   * @return the name
   * @throws IllegalArgumentException naming the rule and the name
   */
  public static String checkChannel(String name) {
    if (name == null || name.length() > MAX_LENGTH || !CHANNEL.matcher(name).matches()) {
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
    if (name == null || name.length() > MAX_LENGTH || !GROUP.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "group name must be ASCII letters, digits, '-', '_' or '.', at most "
              + MAX_LENGTH
              + " characters: '"
              + name
              + "'");
    }
    return name;
  }

  /** Returns whether a channel name is process-specific (contains '!'). */
  public static boolean isProcessSpecific(String channel) {
    return channel.indexOf('!') >= 0;
  }
}
