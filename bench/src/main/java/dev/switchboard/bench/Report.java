package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The load generator's output: the one-line JSON report, and the lines a child process hands its
 * parent (the raw counts and the latency histogram, so percentiles merge exactly).
 */
final class Report {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What was read from the server process, or nulls when no pid was given: CPU seconds in the
   * window, all of it and the user-mode part, and resident memory before and after.
   */
  record Server(Double cpuSeconds, Double userCpuSeconds, Long rssBeforeKib, Long rssKib) {
    static final Server NONE = new Server(null, null, null, null);
  }

  private Report() {}

  /**
   * What a run across several server processes adds to the report: the messages sent in the
   * window (one group send each) and the CPU time of the Redis server they share, or null.
   */
  record Spread(long windowSent, Double redisCpuSeconds) {}

  /** Returns the report line for a finished run. */
  static String line(LoadPlan plan, int processes, RunResult r, Server server) throws Exception {
    return JSON.writeValueAsString(fields(plan, processes, r, server));
  }

  /**
   * Returns the report line for a finished run with the fields of {@code spread} added: {@code
   * ports}, {@code window_sent}, {@code redis_cpu_s}, {@code redis_cpu_us_per_delivery} and
   * {@code redis_cpu_us_per_group_send} (group sends = messages sent in the window).
   */
  static String line(LoadPlan plan, int processes, RunResult r, Server server, Spread spread)
      throws Exception {
    Map<String, Object> out = fields(plan, processes, r, server);
    out.put("ports", plan.ports());
    out.put("window_sent", spread.windowSent());
    Double redis = spread.redisCpuSeconds();
    out.put("redis_cpu_s", redis == null ? null : round(redis, 3));
    out.put("redis_cpu_us_per_delivery",
        redis == null || r.windowDeliveries() == 0 ? null : round(redis * 1e6 / r.windowDeliveries(), 3));
    out.put("redis_cpu_us_per_group_send",
        redis == null || spread.windowSent() == 0 ? null : round(redis * 1e6 / spread.windowSent(), 3));
    return JSON.writeValueAsString(out);
  }

  private static Map<String, Object> fields(LoadPlan plan, int processes, RunResult r, Server server) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", plan.idle() ? "idle" : plan.rate() > 0 ? "rate" : "closed_loop");
    out.put("rooms", plan.rooms());
    out.put("members", plan.members());
    out.put("senders", plan.sendersPerRoom());
    out.put("rate", plan.rate());
    out.put("burst", plan.burst());
    out.put("payload", plan.payload());
    out.put("processes", processes);
    out.put("transport", Transports.name());
    out.put("connections_ok", r.connectionsOk());
    out.put("connections_failed", r.connectionsFailed());
    out.put("connections_closed", r.connectionsClosed());
    out.put("sent", r.sent());
    out.put("deliveries", r.deliveries());
    out.put("expected", r.expected());
    out.put("lost", r.lost());
    out.put("duplicates", r.duplicates());
    out.put("misrouted", r.misrouted());
    out.put("out_of_order", r.outOfOrder());
    out.put("unparsed", r.unparsed());
    out.put("stalls", r.stalls());
    out.put("window_s", round(r.windowSeconds(), 3));
    out.put("window_deliveries", r.windowDeliveries());
    out.put("deliveries_per_s",
        r.windowSeconds() > 0 ? Math.round(r.windowDeliveries() / r.windowSeconds()) : 0);
    Map<String, Object> lat = new LinkedHashMap<>();
    Histogram h = r.latencyUs();
    boolean any = h.getTotalCount() > 0;
    lat.put("p50", any ? h.getValueAtPercentile(50) : null);
    lat.put("p90", any ? h.getValueAtPercentile(90) : null);
    lat.put("p99", any ? h.getValueAtPercentile(99) : null);
    lat.put("max", any ? h.getMaxValue() : null);
    out.put("latency_us", lat);
    out.put("client_cpu_s", round(r.clientCpuSeconds(), 3));
    out.put("server_cpu_s", server.cpuSeconds() == null ? null : round(server.cpuSeconds(), 3));
    out.put("cpu_us_per_delivery",
        server.cpuSeconds() == null || r.windowDeliveries() == 0
            ? null
            : round(server.cpuSeconds() * 1e6 / r.windowDeliveries(), 3));
    out.put("server_user_cpu_s",
        server.userCpuSeconds() == null ? null : round(server.userCpuSeconds(), 3));
    out.put("user_cpu_us_per_delivery",
        server.userCpuSeconds() == null || r.windowDeliveries() == 0
            ? null
            : round(server.userCpuSeconds() * 1e6 / r.windowDeliveries(), 3));
    out.put("server_rss_before_kib", server.rssBeforeKib());
    out.put("server_rss_kib", server.rssKib());
    if (plan.idle()) {
      out.put("kib_per_conn",
          server.rssKib() == null || r.connectionsOk() == 0
              ? null
              : round((double) (server.rssKib() - server.rssBeforeKib()) / r.connectionsOk(), 3));
    }
    return out;
  }

  /** Returns a child process's result as one JSON line for its parent. */
  static String childLine(RunResult r) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connectionsOk", r.connectionsOk());
    out.put("connectionsFailed", r.connectionsFailed());
    out.put("connectionsClosed", r.connectionsClosed());
    out.put("sent", r.sent());
    out.put("deliveries", r.deliveries());
    out.put("expected", r.expected());
    out.put("lost", r.lost());
    out.put("duplicates", r.duplicates());
    out.put("misrouted", r.misrouted());
    out.put("outOfOrder", r.outOfOrder());
    out.put("unparsed", r.unparsed());
    out.put("stalls", r.stalls());
    out.put("windowDeliveries", r.windowDeliveries());
    out.put("windowSeconds", r.windowSeconds());
    out.put("clientCpuSeconds", r.clientCpuSeconds());
    ByteBuffer buf = ByteBuffer.allocate(r.latencyUs().getNeededByteBufferCapacity());
    int n = r.latencyUs().encodeIntoCompressedByteBuffer(buf);
    out.put("histogram", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n)));
    return JSON.writeValueAsString(out);
  }

  /** Parses a line written by {@link #childLine}. */
  static RunResult parseChild(String line) throws Exception {
    JsonNode j = JSON.readTree(line);
    Histogram h;
    try {
      h = Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(j.get("histogram").asText())), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("child sent a corrupt histogram", e);
    }
    return new RunResult(
        j.get("connectionsOk").asInt(),
        j.get("connectionsFailed").asInt(),
        j.get("connectionsClosed").asInt(),
        j.get("sent").asLong(),
        j.get("deliveries").asLong(),
        j.get("expected").asLong(),
        j.get("lost").asLong(),
        j.get("duplicates").asLong(),
        j.get("misrouted").asLong(),
        j.get("outOfOrder").asLong(),
        j.get("unparsed").asLong(),
        j.get("stalls").asLong(),
        j.get("windowDeliveries").asLong(),
        j.get("windowSeconds").asDouble(),
        j.get("clientCpuSeconds").asDouble(),
        h);
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }
}
