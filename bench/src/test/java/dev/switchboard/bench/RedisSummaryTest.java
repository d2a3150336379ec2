package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis benchmark's summary: medians, ratios, the CPU target and the group-size table. */
class RedisSummaryTest {
  private static String run(String scenario, String layer, int n, double cpu, Double redisPerSend) {
    return "{\"scenario\":\"" + scenario + "\",\"layer\":\"" + layer + "\",\"run\":" + n
        + ",\"loadavg\":2.5,\"result\":{\"cpu_us_per_delivery\":" + cpu
        + ",\"redis_cpu_us_per_group_send\":" + redisPerSend + ",\"deliveries_per_s\":1000"
        + ",\"duplicates\":0,\"misrouted\":0,\"out_of_order\":0,\"unparsed\":0,\"lost\":0}}";
  }

  @Test
  void tablesShowMediansRatiosAndWhetherTheTargetsAreMet() throws Exception {
    String md = RedisSummary.markdown(List.of(
        run("fanout-10x100", "memory", 1, 2.5, null),
        run("fanout-10x100", "redis", 1, 3.5, 40.0),
        run("fanout-10x100", "memory", 2, 4.5, null),
        run("fanout-10x100", "redis", 2, 5.5, 60.0),
        run("fanout-1x5000", "memory", 1, 5.5, null),
        run("fanout-1x5000", "redis", 1, 6.6, 100.0),
        "{\"scenario\":\"fanout-1x5000\",\"layer\":\"redis\",\"run\":2,\"error\":\"server did not start\"}"));

    // medians 3.5 and 4.5: 1.29x, within 1.3x
    assertThat(md).contains("| server CPU µs per delivery (Redis: both processes) | 3.50 (2.50-4.50)"
        + " | 4.50 (3.50-5.50) | 1.29x | ≤ 1.3x in-memory | met |");
    // 6.6 / 5.5 = 1.2x
    assertThat(md).contains("| 5.50 | 6.60 | 1.20x | ≤ 1.3x in-memory | met |");
    assertThat(md).contains("| Redis CPU µs per group send | n/a | 50 (40-60) |");
    assertThat(md).contains("| lost deliveries | 0 | 0 |  | 0 in every run | met |");
    // per group send: 100 / median(40, 60) = 2x
    assertThat(md).contains("| 5,000 members (fanout-1x5000) | 100 | 2.00x |");
    assertThat(md).contains("- fanout-1x5000 redis run 2: server did not start");
    assertThat(md).contains("Machine load average at run start: 2.5-2.5.");
  }
}
