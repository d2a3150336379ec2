package dev.switchboard.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Parses duration options: whole seconds ({@code 30}) or ISO-8601 ({@code PT1M30S}). */
final class Durations {
  private Durations() {}

  static Duration parse(CommandLine cmd, String option, String text) {
    try {
      Duration d = text.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(text))
          : Duration.parse(text);
      if (d.isNegative()) {
        throw new DateTimeParseException("negative", text, 0);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(cmd,
          option + " must be seconds (30) or ISO-8601 (PT1M30S), not negative: '" + text + "'");
    }
  }
}
