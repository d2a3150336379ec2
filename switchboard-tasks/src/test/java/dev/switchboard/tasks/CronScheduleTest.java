package dev.switchboard.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  static final ZoneId NY = ZoneId.of("America/New_York");
  static final ZoneId UTC = ZoneId.of("UTC");

  static Instant at(String isoZoned) {
    return ZonedDateTime.parse(isoZoned).toInstant();
  }

  static List<String> runs(String expr, ZoneId zone, String from, int n) {
    CronSchedule c = CronSchedule.parse(expr, zone);
    List<String> out = new ArrayList<>();
    Instant t = at(from);
    for (int i = 0; i < n; i++) {
      t = c.next(t);
      out.add(ZonedDateTime.ofInstant(t, zone).toOffsetDateTime().toString());
    }
    return out;
  }

  @Test
  void everyFifteenMinutesDuringOfficeHoursOnWeekdays() {
    // 2026-11-20 is a Friday
    assertThat(runs("*/15 9-17 * * MON-FRI", UTC, "2026-11-20T17:40Z[UTC]", 3))
        .containsExactly("2026-11-20T17:45Z", "2026-11-23T09:00Z", "2026-11-23T09:15Z");
  }

  @Test
  void nextIsStrictlyAfter() {
    assertThat(runs("30 2 * * *", UTC, "2026-01-01T02:30Z[UTC]", 1)).containsExactly("2026-01-02T02:30Z");
  }

  @Test
  void namesListsAndSundayAsSeven() {
    assertThat(runs("0 12 1 JAN,JUL 7", UTC, "2026-01-01T00:00Z[UTC]", 3))
        // day-of-month and day-of-week both restricted: either matches (Vixie cron)
        .containsExactly("2026-01-01T12:00Z", "2026-01-04T12:00Z", "2026-01-11T12:00Z");
  }

  @Test
  void leapDay() {
    assertThat(runs("0 0 29 2 *", UTC, "2026-01-01T00:00Z[UTC]", 2))
        .containsExactly("2028-02-29T00:00Z", "2032-02-29T00:00Z");
  }

  @Test
  void skippedWallClockTimeFiresOnceShiftedByTheGap() {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT in New York: 02:30 does not exist that day.
    assertThat(runs("30 2 * * *", NY, "2026-03-07T12:00-05:00[America/New_York]", 3))
        .containsExactly("2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00", "2026-03-10T02:30-04:00");
  }

  @Test
  void repeatedWallClockTimeFiresOnceAtItsFirstOccurrence() {
    // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:30 happens twice.
    assertThat(runs("30 1 * * *", NY, "2026-10-31T12:00-04:00[America/New_York]", 2))
        .containsExactly("2026-11-01T01:30-04:00", "2026-11-02T01:30-05:00");
  }

  @Test
  void hourlyJobAcrossFallBackDoesNotRunTwiceForTheSameWallClockTime() {
    assertThat(runs("0 * * * *", NY, "2026-11-01T00:30-04:00[America/New_York]", 3))
        .containsExactly("2026-11-01T01:00-04:00", "2026-11-01T02:00-05:00", "2026-11-01T03:00-05:00");
  }

  @Test
  void malformedFieldsNameTheFieldAndTheRule() {
    assertThatThrownBy(() -> CronSchedule.parse("* * *", UTC)).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", UTC))
        .hasMessageContaining("cron minute must be").hasMessageContaining("0 to 59");
    assertThatThrownBy(() -> CronSchedule.parse("* * * FOO *", UTC))
        .hasMessageContaining("cron month must be a name or a number from 1 to 12");
    assertThatThrownBy(() -> CronSchedule.parse("* 5-2 * * *", UTC))
        .hasMessageContaining("cron hour range must go from low to high");
  }
}
