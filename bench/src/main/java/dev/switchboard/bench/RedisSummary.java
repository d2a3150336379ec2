package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the raw results of {@code bench/run-redis.sh} (one JSON line per run: scenario, layer
 * {@code memory} or {@code redis}, run number, load average and the load generator's report, or
 * an error) into one markdown table per scenario, median and min-max per layer and the ratio
 * Redis / in-memory, and a last table comparing Redis CPU per group send across group sizes.
 *
 * <pre>{@code java -cp ... dev.switchboard.bench.RedisSummary bench/results/redis-<run>/raw.jsonl}</pre>
 */
public final class RedisSummary {
  static final String MEMORY = "memory";
  static final String REDIS = "redis";
  /** Server CPU per delivery with Redis at most this many times the in-memory layer's. */
  static final double CPU_RATIO_TARGET = 1.3;
  /** Scenarios whose Redis CPU per group send is compared: small groups, then the large one. */
  static final String SMALL = "fanout-10x100";
  static final String LARGE = "fanout-1x5000";

  private static final Map<String, String> TITLES = Map.of(
      SMALL, "Fan-out: 10 rooms x 100 members, 1 sender per room, closed loop",
      LARGE, "Fan-out: 1 room x 5,000 members, 20 messages/s");

  /** One row: a report key (dotted for nested), its label, and whether it has the CPU target. */
  private record Row(String key, String label, boolean cpuTarget, boolean zeroTarget) {}

  private static final List<Row> ROWS = List.of(
      new Row("cpu_us_per_delivery", "server CPU µs per delivery (Redis: both processes)", true, false),
      new Row("redis_cpu_us_per_delivery", "Redis CPU µs per delivery", false, false),
      new Row("redis_cpu_us_per_group_send", "Redis CPU µs per group send", false, false),
      new Row("deliveries_per_s", "deliveries/s", false, false),
      new Row("latency_us.p50", "latency p50 (µs)", false, false),
      new Row("latency_us.p99", "latency p99 (µs)", false, false),
      new Row("window_sent", "group sends in the window", false, false),
      new Row("server_cpu_s", "server CPU in the window (s)", false, false),
      new Row("redis_cpu_s", "Redis CPU in the window (s)", false, false),
      new Row("client_cpu_s", "load generator CPU (s)", false, false),
      new Row("connections_failed", "connections failed", false, false),
      new Row("anomalies", "duplicates + misrouted + out of order", false, true),
      new Row("lost", "lost deliveries", false, true));

  private RedisSummary() {}

  /** Prints the tables for the raw results file named by the first argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: RedisSummary RAW_JSONL");
      System.exit(2);
    }
    System.out.print(markdown(Files.readAllLines(Path.of(args[0]))));
  }

  /** Returns the markdown for the given raw result lines. */
  static String markdown(List<String> lines) throws IOException {
    Map<String, Map<String, List<JsonNode>>> runs = new LinkedHashMap<>();
    Map<String, List<Double>> loads = new LinkedHashMap<>();
    StringBuilder errors = new StringBuilder();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode j = Report.JSON.readTree(line);
      String scenario = j.get("scenario").asText();
      if (j.has("error")) {
        errors.append("- ").append(scenario).append(' ').append(j.get("layer").asText())
            .append(" run ").append(j.get("run").asInt()).append(": ")
            .append(j.get("error").asText()).append('\n');
        continue;
      }
      runs.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
          .computeIfAbsent(j.get("layer").asText(), k -> new ArrayList<>())
          .add(j.get("result"));
      if (j.hasNonNull("loadavg")) {
        loads.computeIfAbsent(scenario, k -> new ArrayList<>()).add(j.get("loadavg").asDouble());
      }
    }
    loads.values().forEach(l -> l.sort(null));
    StringBuilder out = new StringBuilder();
    for (var e : runs.entrySet()) {
      table(out, e.getKey(), e.getValue(), loads.getOrDefault(e.getKey(), List.of()));
    }
    groupSizes(out, runs);
    if (!errors.isEmpty()) {
      out.append("Failed runs:\n\n").append(errors).append('\n');
    }
    return out.toString();
  }

  private static void table(StringBuilder out, String scenario, Map<String, List<JsonNode>> byLayer,
      List<Double> loads) {
    List<JsonNode> mem = byLayer.getOrDefault(MEMORY, List.of());
    List<JsonNode> red = byLayer.getOrDefault(REDIS, List.of());
    out.append("#### ").append(TITLES.getOrDefault(scenario, scenario)).append("\n\n");
    out.append("Runs: in-memory ").append(mem.size()).append(", Redis ").append(red.size())
        .append(" (interleaved, servers freshly started). Median (min-max).");
    if (!loads.isEmpty()) {
      out.append(" Machine load average at run start: ")
          .append(Stats.fmt(Stats.min(loads), 1)).append('-').append(Stats.fmt(Stats.max(loads), 1))
          .append('.');
    }
    out.append("\n\n| metric | in-memory, 1 process | Redis, 2 processes | ratio Redis / in-memory | target | met |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (Row row : ROWS) {
      List<Double> m = Stats.values(mem, row.key());
      List<Double> r = Stats.values(red, row.key());
      if (m.isEmpty() && r.isEmpty()) {
        continue;
      }
      String ratio = m.isEmpty() || r.isEmpty() || Stats.median(m) == 0
          ? "" : Stats.fmt(Stats.median(r) / Stats.median(m), 2) + "x";
      String target = "";
      String met = "";
      if (row.cpuTarget()) {
        target = "≤ " + CPU_RATIO_TARGET + "x in-memory";
        met = ratio.isEmpty() ? "no data"
            : Stats.median(r) <= CPU_RATIO_TARGET * Stats.median(m) ? "met" : "not met";
      } else if (row.zeroTarget()) {
        target = "0 in every run";
        met = r.isEmpty() ? "no data" : Stats.max(r) == 0 && (m.isEmpty() || Stats.max(m) == 0) ? "met" : "not met";
      }
      int places = Stats.places(m, r);
      out.append("| ").append(row.label()).append(" | ").append(Stats.cell(m, places)).append(" | ")
          .append(Stats.cell(r, places)).append(" | ").append(ratio).append(" | ").append(target)
          .append(" | ").append(met).append(" |\n");
    }
    out.append('\n');
  }

  /** Redis CPU per group send: the large group's median over the small groups'. */
  private static void groupSizes(StringBuilder out, Map<String, Map<String, List<JsonNode>>> runs) {
    List<Double> small = Stats.values(runs.getOrDefault(SMALL, Map.of()).getOrDefault(REDIS, List.of()),
        "redis_cpu_us_per_group_send");
    List<Double> large = Stats.values(runs.getOrDefault(LARGE, Map.of()).getOrDefault(REDIS, List.of()),
        "redis_cpu_us_per_group_send");
    if (small.isEmpty() || large.isEmpty()) {
      return;
    }
    double ratio = Stats.median(large) / Stats.median(small);
    out.append("#### Redis CPU per group send across group sizes\n\n");
    out.append("| group size | Redis CPU µs per group send | ratio to 100 members |\n|---|---|---|\n");
    int places = Stats.places(small, large);
    out.append("| 100 members (").append(SMALL).append(") | ").append(Stats.cell(small, places))
        .append(" | 1.00x |\n");
    out.append("| 5,000 members (").append(LARGE).append(") | ").append(Stats.cell(large, places))
        .append(" | ").append(Stats.fmt(ratio, 2)).append("x |\n\n");
    out.append("A cost per member would make the ratio 50x (5,000 / 100 members).\n\n");
  }
}
