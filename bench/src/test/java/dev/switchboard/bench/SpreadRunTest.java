package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's spread mode ({@code --ports}, several {@code --server-pid}, {@code
 * --redis-pid}): which port each socket uses, the validation, and a real run whose report holds
 * the window's group sends and the second probe's CPU time.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpreadRunTest {
  private static LoadPlan plan(int port, List<Integer> ports, int rooms, int members) {
    return new LoadPlan("127.0.0.1", port, rooms, members, 1, 0, 1, 64,
        Duration.ofMillis(300), Duration.ofMillis(1500), Duration.ofSeconds(3), false,
        List.of("127.0.0.1"), null, 1, 16, 0, 1, ports);
  }

  @Test
  void membersOfARoomAlternateOverThePortsAndRoomsStartOnDifferentPorts() {
    LoadPlan p = plan(18001, List.of(18001, 18002), 10, 100);

    assertThat(p.portOf(0, 0)).isEqualTo(18001);
    assertThat(p.portOf(0, 1)).isEqualTo(18002);
    assertThat(p.portOf(0, 2)).isEqualTo(18001);
    // the sender (member 0) of odd rooms is on the second server
    assertThat(p.portOf(1, 0)).isEqualTo(18002);
    assertThat(p.portOf(1, 1)).isEqualTo(18001);
  }

  @Test
  void aSinglePortPlanUsesThatPortForEverySocket() {
    LoadPlan p = new LoadPlan("127.0.0.1", 18005, 3, 4, 1, 0, 1, 64, Duration.ZERO,
        Duration.ofSeconds(1), Duration.ZERO, false, List.of("127.0.0.1"), null, 1, 1, 0, 1, null);

    assertThat(p.ports()).containsExactly(18005);
    assertThat(p.portOf(2, 3)).isEqualTo(18005);
  }

  @Test
  void portsThatDoNotStartWithThePortAreRejected() {
    assertThatThrownBy(() -> plan(18001, List.of(18002, 18001), 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ports must start with --port (18001)");
    assertThatThrownBy(() -> plan(18001, List.of(18001, 70000), 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--ports must be from 1 to 65535: 70000");
  }

  @Test
  void thePerThreadProbeReadsAboutTheSameCpuTimeAsTheTickProbe() throws Exception {
    long self = ProcessHandle.current().pid();
    ServerProbe ticks = new ServerProbe(self, false);
    ServerProbe threads = ServerProbe.perThread(self);
    double t0 = ticks.cpuSeconds();
    double n0 = threads.cpuSeconds();
    long end = System.nanoTime() + 300_000_000L;
    long spin = 0;
    while (System.nanoTime() < end) {
      spin++;
    }
    double t = ticks.cpuSeconds() - t0;
    double n = threads.cpuSeconds() - n0;

    assertThat(spin).isPositive();
    assertThat(n).isPositive();
    // threads that end are not counted by the per-thread probe, so it may read somewhat less
    assertThat(n).isCloseTo(t, org.assertj.core.data.Offset.offset(0.15));
  }

  @Test
  void aSpreadRunReportsGroupSendsAndTheSecondProbesCpu() throws Exception {
    BaselineServer server = new BaselineServer().start("127.0.0.1", 0, 1);
    try {
      int port = server.port();
      long self = ProcessHandle.current().pid();
      // The same server listed twice: every socket still lands in its room, so nothing is lost.
      LoadPlan p = plan(port, List.of(port, port), 2, 4);
      JsonNode r = Report.JSON.readTree(LoadGen.run(p,
          new ServerProbe(List.of(self, self), false), ServerProbe.perThread(self)));

      assertThat(r.get("connections_ok").asInt()).isEqualTo(8);
      assertThat(r.get("lost").asLong()).isZero();
      assertThat(r.get("ports").size()).isEqualTo(2);
      long windowSent = r.get("window_sent").asLong();
      assertThat(windowSent).isPositive().isLessThanOrEqualTo(r.get("sent").asLong());
      double redisCpu = r.get("redis_cpu_s").asDouble();
      assertThat(redisCpu).isPositive();
      assertThat(r.get("redis_cpu_us_per_group_send").asDouble())
          .isCloseTo(redisCpu * 1e6 / windowSent, org.assertj.core.data.Percentage.withPercentage(1));
      // two probes of the same process: the summed server CPU is about twice the single one
      assertThat(r.get("server_cpu_s").asDouble()).isGreaterThan(redisCpu * 1.5);
    } finally {
      server.close();
    }
  }
}
