package dev.switchboard.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code switchboard chat --bot} says: answers the commands {@code /help}, {@code /time},
 * {@code /echo TEXT} and {@code /roll [N]d[M]}, and, like the aiohttp bot of the seeds, answers
 * every other message that holds a question mark. It never answers itself.
 */
final class ChatBot {
  static final int MAX_DICE = 100;
  static final int MAX_SIDES = 1000;
  private static final Pattern DICE = Pattern.compile("(\\d{1,4})?d?(\\d{1,5})?");

  private final String name;
  private final String answer;
  private final Clock clock;
  private final RandomGenerator random;

  ChatBot(String name, String answer, Clock clock, RandomGenerator random) {
    this.name = name;
    this.answer = answer;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Returns the bot's reply to {@code text} sent by {@code user}, or null for no reply.
   *
   * @param user the sender's name, or null when the message carried none
   */
  String reply(String user, String text) {
    if (name.equals(user)) {
      return null;
    }
    String trimmed = text.strip();
    if (trimmed.startsWith("/")) {
      return command(user == null ? "someone" : user, trimmed);
    }
    return text.indexOf('?') >= 0 ? answer : null;
  }

  private String command(String user, String line) {
    int space = line.indexOf(' ');
    String command = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : line.substring(space + 1).strip();
    return switch (command) {
      case "/help" -> "commands: /time, /echo TEXT, /roll [N]d[M] (default 1d6)";
      case "/time" -> "time: " + Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
      case "/echo" -> rest.isEmpty() ? "usage: /echo TEXT" : rest;
      case "/roll" -> roll(user, rest);
      default -> "unknown command " + command + "; try /help";
    };
  }

  /** Rolls {@code N} dice of {@code M} sides: "2d6", "d20", "20" (one die of 20), "" (1d6). */
  private String roll(String user, String spec) {
    String usage = "usage: /roll [N]d[M], N from 1 to " + MAX_DICE + ", M from 2 to " + MAX_SIDES;
    Matcher m = DICE.matcher(spec.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return usage;
    }
    boolean hasD = spec.toLowerCase(Locale.ROOT).contains("d");
    int dice = 1;
    int sides = 6;
    if (hasD) {
      dice = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
      sides = m.group(2) == null ? 6 : Integer.parseInt(m.group(2));
    } else if (m.group(1) != null || m.group(2) != null) {
      sides = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    }
    if (dice < 1 || dice > MAX_DICE || sides < 2 || sides > MAX_SIDES) {
      return usage;
    }
    StringBuilder out = new StringBuilder(user + " rolled " + dice + "d" + sides + ": ");
    int total = 0;
    for (int i = 0; i < dice; i++) {
      int face = 1 + random.nextInt(sides);
      total += face;
      out.append(i == 0 ? "" : " + ").append(face);
    }
    return dice == 1 ? out.toString() : out.append(" = ").append(total).toString();
  }
}
