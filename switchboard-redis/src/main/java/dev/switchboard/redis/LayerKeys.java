package dev.switchboard.redis;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The Redis key and pub/sub channel names of one layer deployment, all under one prefix.
 *
 * <ul>
 *   <li>{@code <prefix>ch:<channel>}: list of queued messages of a channel that is not
 *       process-specific, items {@code "<deadline ms>|<body>"};
 *   <li>{@code <prefix>gp:<group>}: sorted set of the processes with members in the group, scored
 *       by lease deadline (epoch ms);
 *   <li>{@code <prefix>gc:<group>}: sorted set of the group's channels that are not
 *       process-specific, scored by membership deadline; {@code <prefix>gk:<group>}: their
 *       capacities;
 *   <li>{@code <prefix>in:<process>}: the pub/sub channel of a process's receiver, where {@code
 *       process} is the part of its channel names before '!'.
 * </ul>
 */
final class LayerKeys {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final String prefix;

  LayerKeys(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  String list(String channel) {
    return prefix + "ch:" + channel;
  }

  String listPrefix() {
    return prefix + "ch:";
  }

  String processes(String group) {
    return prefix + "gp:" + group;
  }

  String members(String group) {
    return prefix + "gc:" + group;
  }

  String capacities(String group) {
    return prefix + "gk:" + group;
  }

  String inbox(String process) {
    return prefix + "in:" + process;
  }

  String inboxPrefix() {
    return prefix + "in:";
  }

  /**
   * Returns the process part of a process-specific channel name: everything before '!', such as
   * {@code "specific.k3j5h6g7f8d9"} for {@code "specific.k3j5h6g7f8d9!4_x0a9s8d7f6"}.
   */
  static String processOf(String channel) {
    return channel.substring(0, channel.indexOf('!'));
  }

  /** Returns {@code n} random lowercase letters and digits, for process names and channel tails. */
  static String randomChars(int n) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
