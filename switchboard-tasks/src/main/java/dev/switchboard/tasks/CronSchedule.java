package dev.switchboard.tasks;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;

/**
 * A five-field cron schedule in a time zone: {@code minute hour day-of-month month day-of-week}.
 *
 * <p>Each field is {@code *}, a number, a range {@code a-b}, a step {@code * /n} or {@code
 * a-b/n} (written without the space), or a comma-separated list of these. Months may be
 * written JAN-DEC and days SUN-SAT; Sunday is 0 or 7. When both day fields are restricted, a
 * day matches if either does (as in Vixie cron).
 *
 * <p>Times are wall-clock times in the zone. Daylight saving: a wall-clock time that occurs
 * twice (clocks go back) fires once, at its first occurrence; a wall-clock time that is skipped
 * (clocks go forward) fires once at the same distance after the jump ({@code 02:30} becomes
 * {@code 03:30}), so a daily job is never lost.
 */
public final class CronSchedule implements Schedule {
  private static final String[] MONTHS =
      {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  // Far enough for any satisfiable expression (Feb 29 on a given weekday recurs within 28 years).
  private static final int MAX_DAYS = 366 * 29;

  private final String expression;
  private final ZoneId zone;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronSchedule(String expression, ZoneId zone, String[] f) {
    this.expression = expression;
    this.zone = zone;
    this.minutes = Field.parse("minute", f[0], 0, 59, null);
    this.hours = Field.parse("hour", f[1], 0, 23, null);
    this.daysOfMonth = Field.parse("day of month", f[2], 1, 31, null);
    this.months = Field.parse("month", f[3], 1, 12, MONTHS);
    BitSet dow = Field.parse("day of week", f[4], 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    this.daysOfWeek = dow;
    this.domRestricted = !f[2].equals("*") && !f[2].equals("?");
    this.dowRestricted = !f[4].equals("*") && !f[4].equals("?");
  }

  /**
   * Parses an expression such as {@code "*}{@code /15 9-17 * * MON-FRI"}.
   *
   * @throws IllegalArgumentException if it does not have five valid fields; the message names
   *     the field and the rule
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(zone, "zone");
    String[] f = expression.strip().toUpperCase(Locale.ROOT).split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "cron expression must have 5 fields (minute hour day-of-month month day-of-week): '"
              + expression + "'");
    }
    return new CronSchedule(expression, zone, f);
  }

  @Override
  public Instant next(Instant after) {
    LocalDateTime t = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES)
        .plusMinutes(1);
    LocalDateTime limit = t.plusDays(MAX_DAYS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay();
        continue;
      }
      if (!dayMatches(t)) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
        continue;
      }
      // ofLocal picks the earlier offset in an overlap and shifts forward across a gap.
      Instant at = ZonedDateTime.ofLocal(t, zone, null).toInstant();
      if (at.isAfter(after)) {
        return at;
      }
      t = t.plusMinutes(1);
    }
    throw new IllegalStateException("cron expression never fires: '" + expression + "'");
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  @Override
  public boolean runsAtStart() {
    return false;
  }

  /** Returns the zone the expression is read in. */
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return "cron '" + expression + "' in " + zone;
  }

  /** Parses one field into the set of values it allows. */
  private static final class Field {
    private Field() {}

    static BitSet parse(String name, String text, int min, int max, String[] names) {
      BitSet out = new BitSet(max + 1);
      for (String part : text.split(",", -1)) {
        int step = 1;
        String range = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
          step = number(name, part.substring(slash + 1), 1, max, null, text);
          range = part.substring(0, slash);
        }
        int lo;
        int hi;
        if (range.equals("*") || range.equals("?")) {
          lo = min;
          hi = max;
        } else if (range.indexOf('-') > 0) {
          String[] ab = range.split("-", 2);
          lo = number(name, ab[0], min, max, names, text);
          hi = number(name, ab[1], min, max, names, text);
          if (hi < lo) {
            throw new IllegalArgumentException(
                "cron " + name + " range must go from low to high: '" + text + "'");
          }
        } else {
          lo = number(name, range, min, max, names, text);
          hi = slash >= 0 ? max : lo;
        }
        for (int v = lo; v <= hi; v += step) {
          out.set(v);
        }
      }
      return out;
    }

    private static int number(String name, String s, int min, int max, String[] names, String text) {
      if (names != null) {
        for (int i = 0; i < names.length; i++) {
          if (names[i].equals(s)) {
            return names == MONTHS ? i + 1 : i;
          }
        }
      }
      try {
        int v = Integer.parseInt(s);
        if (v >= min && v <= max) {
          return v;
        }
      } catch (NumberFormatException e) {
        // reported below with the rule
      }
      throw new IllegalArgumentException(
          "cron " + name + " must be " + (names == null ? "" : "a name or ") + "a number from "
              + min + " to " + max + ", '*', a range, a step or a list: '" + text + "'");
    }
  }
}
