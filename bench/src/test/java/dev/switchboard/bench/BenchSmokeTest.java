package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the load generator in-process against the baseline server on a real loopback port for
 * about two seconds, and checks that every message reached exactly its room.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BenchSmokeTest {
  private BaselineServer server;

  @BeforeEach
  void start() throws Exception {
    server = new BaselineServer().start("127.0.0.1", 0, 1);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private LoadPlan plan(int rooms, int members, int senders, double rate, boolean idle) {
    return new LoadPlan("127.0.0.1", server.port(), rooms, members, senders, rate, 1, 64,
        Duration.ofMillis(300), Duration.ofMillis(1500), Duration.ofSeconds(3), idle,
        List.of("127.0.0.1", "127.0.0.2"), null, 1, 16, 0, 1, null);
  }

  private static ServerProbe self() {
    return new ServerProbe(ProcessHandle.current().pid(), false);
  }

  @Test
  void closedLoopDeliversEveryMessageToExactlyItsRoom() throws Exception {
    JsonNode r = Report.JSON.readTree(LoadGen.run(plan(2, 5, 2, 0, false), self()));

    assertThat(r.get("connections_ok").asInt()).isEqualTo(10);
    assertThat(r.get("connections_failed").asInt()).isZero();
    assertThat(r.get("sent").asLong()).isGreaterThan(10);
    assertThat(r.get("expected").asLong()).isEqualTo(r.get("sent").asLong() * 5);
    assertThat(r.get("deliveries").asLong()).isEqualTo(r.get("expected").asLong());
    assertThat(r.get("lost").asLong()).isZero();
    assertThat(r.get("duplicates").asLong()).isZero();
    assertThat(r.get("misrouted").asLong()).isZero();
    assertThat(r.get("out_of_order").asLong()).isZero();
    assertThat(r.get("unparsed").asLong()).isZero();
    assertThat(r.get("latency_us").get("p99").asLong()).isPositive();
    assertThat(r.get("server_cpu_s").asDouble()).isPositive();
    // the user-mode part: some of the total, never more
    assertThat(r.get("server_user_cpu_s").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(r.get("server_cpu_s").asDouble());
    assertThat(r.get("user_cpu_us_per_delivery").asDouble())
        .isPositive()
        .isLessThanOrEqualTo(r.get("cpu_us_per_delivery").asDouble());
    assertThat(r.get("server_rss_kib").asLong()).isPositive();
  }

  @Test
  void fixedRateSendsAboutTheOfferedLoad() throws Exception {
    JsonNode r = Report.JSON.readTree(LoadGen.run(plan(2, 3, 1, 50, false), null));

    // 2 senders x 50/s x 1.8 s of sending: about 180 messages
    assertThat(r.get("sent").asLong()).isBetween(120L, 240L);
    assertThat(r.get("lost").asLong()).isZero();
    assertThat(r.get("deliveries").asLong()).isEqualTo(r.get("sent").asLong() * 3);
  }

  @Test
  void idleModeHoldsEverySocketAndReportsMemoryPerConnection() throws Exception {
    JsonNode r = Report.JSON.readTree(LoadGen.run(plan(4, 10, 0, 0, true), self()));

    assertThat(r.get("mode").asText()).isEqualTo("idle");
    assertThat(r.get("connections_ok").asInt()).isEqualTo(40);
    assertThat(r.get("sent").asLong()).isZero();
    assertThat(r.has("kib_per_conn")).isTrue();
    assertThat(r.get("connections_closed").asInt()).isZero();
  }
}
