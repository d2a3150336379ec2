package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the scenario runner's raw results (one JSON line per run: scenario, server, run number
 * and the load generator's report, or an error) into one markdown table per scenario: median
 * and min-max per server, the ratio of Switchboard's median to the baseline's, the paired ratio
 * (the median of each Switchboard run's figure over that of the baseline run just before it,
 * with their min-max), and whether each target of issue 3 is met, judged on the paired ratio.
 *
 * <pre>{@code java -cp ... dev.switchboard.bench.Summary bench/results/<run>/raw.jsonl}</pre>
 */
public final class Summary {
  static final String BASELINE = "baseline";
  static final String SWITCHBOARD = "switchboard";

  /** How a row's target is judged. */
  enum Target {
    NONE,
    /** The paired ratio at most {@code limit}. */
    RATIO,
    /** The paired ratio at most {@code limit} and Switchboard's median below {@code abs} KiB. */
    RATIO_AND_BELOW_KIB,
    /** Every Switchboard run is zero. */
    ZERO,
    /** Every Switchboard run equals {@code limit}. */
    EXACTLY
  }

  /** One row: a metric of the report, its label, and its target. */
  record Row(String key, String label, Target target, double limit, double abs) {
    static Row of(String key, String label) {
      return new Row(key, label, Target.NONE, 0, 0);
    }
  }

  private static final Map<String, String> TITLES = new LinkedHashMap<>();
  private static final Map<String, List<Row>> ROWS = new LinkedHashMap<>();

  static {
    // The framework's own code shows in user-mode time; the kernel's socket and TCP work, the
    // same for both servers per write, in the rest.
    Row user = Row.of("user_cpu_us_per_delivery", "of which user space (µs per delivery)");
    List<Row> load = List.of(
        user,
        Row.of("deliveries_per_s", "deliveries/s"),
        Row.of("latency_us.p50", "latency p50 (µs)"),
        Row.of("latency_us.p99", "latency p99 (µs)"),
        Row.of("client_cpu_s", "load generator CPU (s)"),
        Row.of("connections_failed", "connections failed"),
        new Row("anomalies", "duplicates + misrouted + out of order", Target.ZERO, 0, 0),
        new Row("lost", "lost deliveries", Target.ZERO, 0, 0));
    define("idle-10k", "Idle: 10,000 sockets held",
        List.of(
            new Row("kib_per_conn", "server KiB per connection (RSS delta, after GC)",
                Target.RATIO_AND_BELOW_KIB, 1.25, 8),
            Row.of("server_rss_kib", "server RSS with the sockets open (KiB)"),
            Row.of("server_cpu_s", "server CPU while idle (s)"),
            new Row("connections_ok", "connections open", Target.EXACTLY, 10_000, 0),
            Row.of("connections_failed", "connections failed")));
    define("fanout-10x100", "Fan-out: 10 rooms x 100 members, 1 sender per room, closed loop",
        with(new Row("cpu_us_per_delivery", "server CPU µs per delivery", Target.RATIO, 1.1, 0), load));
    define("fanout-1x5000", "Fan-out: 1 room x 5,000 members, 20 messages/s",
        with(new Row("cpu_us_per_delivery", "server CPU µs per delivery", Target.RATIO, 1.1, 0),
            List.of(
                user,
                Row.of("deliveries_per_s", "deliveries/s"),
                Row.of("latency_us.p50", "latency p50 (µs)"),
                new Row("latency_us.p99", "latency p99 (µs), same offered load", Target.RATIO, 1.5, 0),
                Row.of("client_cpu_s", "load generator CPU (s)"),
                Row.of("connections_failed", "connections failed"),
                new Row("anomalies", "duplicates + misrouted + out of order", Target.ZERO, 0, 0),
                new Row("lost", "lost deliveries", Target.ZERO, 0, 0))));
    define("echo-200", "Echo: 200 rooms x 1 member, closed loop",
        with(new Row("cpu_us_per_delivery", "server CPU µs per delivery", Target.RATIO, 1.25, 0), load));
    define("burst-4x10",
        "Burst: 4 rooms x 10 members, every member sends bursts of 50, closed loop (all-to-all)",
        with(Row.of("cpu_us_per_delivery", "server CPU µs per delivery"), load));
    define("sockets-19k", "19,000 sockets in one server process, a message to each room verified",
        List.of(
            new Row("connections_ok", "connections open", Target.EXACTLY, 19_000, 0),
            new Row("connections_failed", "connections failed", Target.ZERO, 0, 0),
            new Row("connections_closed", "connections closed by the server", Target.ZERO, 0, 0),
            Row.of("sent", "messages sent"),
            Row.of("deliveries", "deliveries"),
            new Row("lost", "lost deliveries", Target.ZERO, 0, 0),
            new Row("anomalies", "duplicates + misrouted + out of order", Target.ZERO, 0, 0),
            Row.of("server_rss_kib", "server RSS (KiB)"),
            Row.of("cpu_us_per_delivery", "server CPU µs per delivery")));
  }

  private Summary() {}

  private static void define(String id, String title, List<Row> rows) {
    TITLES.put(id, title);
    ROWS.put(id, rows);
  }

  private static List<Row> with(Row first, List<Row> rest) {
    List<Row> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /** Prints the tables for the raw results file named by the first argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Summary RAW_JSONL");
      System.exit(2);
    }
    System.out.print(markdown(Files.readAllLines(Path.of(args[0]))));
  }

  /** Returns the markdown tables for the given raw result lines. */
  static String markdown(List<String> lines) throws IOException {
    // scenario -> server -> run number -> report
    Map<String, Map<String, Map<Integer, JsonNode>>> byScenario = new LinkedHashMap<>();
    Map<String, List<String>> errors = new LinkedHashMap<>();
    Map<String, List<Double>> loads = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode j = Report.JSON.readTree(line);
      String scenario = j.get("scenario").asText();
      String server = j.get("server").asText();
      byScenario.computeIfAbsent(scenario, k -> new LinkedHashMap<>());
      if (j.hasNonNull("loadavg")) {
        loads.computeIfAbsent(scenario, k -> new ArrayList<>()).add(j.get("loadavg").asDouble());
      }
      if (j.hasNonNull("error")) {
        errors.computeIfAbsent(scenario, k -> new ArrayList<>())
            .add(server + " run " + j.get("run").asInt() + ": " + j.get("error").asText());
        continue;
      }
      byScenario.get(scenario).computeIfAbsent(server, k -> new TreeMap<>())
          .put(j.get("run").asInt(), j.get("result"));
    }
    StringBuilder out = new StringBuilder();
    for (var e : byScenario.entrySet()) {
      String id = e.getKey();
      Map<Integer, JsonNode> base = e.getValue().getOrDefault(BASELINE, Map.of());
      Map<Integer, JsonNode> sb = e.getValue().getOrDefault(SWITCHBOARD, Map.of());
      out.append("### ").append(TITLES.getOrDefault(id, id)).append("\n\n");
      out.append("Runs: baseline ").append(base.size()).append(", Switchboard ").append(sb.size())
          .append(" (interleaved, each server freshly started). Median (min-max). Paired ratio:"
              + " each Switchboard run over the baseline run just before it, median (min-max)"
              + " of those ratios; targets are judged on it.");
      List<Double> load = loads.getOrDefault(id, List.of());
      if (!load.isEmpty()) {
        out.append(String.format(Locale.ROOT, " Machine load average at run start: %.1f-%.1f.",
            load.stream().mapToDouble(Double::doubleValue).min().orElse(0),
            load.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
      }
      out.append("\n\n");
      out.append("| metric | baseline | Switchboard | ratio of medians | paired ratio | target | met |\n");
      out.append("|---|---|---|---|---|---|---|\n");
      for (Row row : ROWS.getOrDefault(id, List.of(Row.of("cpu_us_per_delivery", "server CPU µs per delivery")))) {
        out.append(row(row, base, sb)).append('\n');
      }
      for (String err : errors.getOrDefault(id, List.of())) {
        out.append("\nFailed run: ").append(err).append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String row(Row row, Map<Integer, JsonNode> base, Map<Integer, JsonNode> sb) {
    List<Double> b = Stats.values(List.copyOf(base.values()), row.key());
    List<Double> s = Stats.values(List.copyOf(sb.values()), row.key());
    List<Double> paired = pairedRatios(base, sb, row.key());
    double bm = Stats.median(b);
    double sm = Stats.median(s);
    String ratio = !b.isEmpty() && !s.isEmpty() && bm != 0
        ? String.format(Locale.ROOT, "%.2fx", sm / bm) : "";
    // No ratio where the baseline's median is zero (counts of failures): pairs would only show
    // the odd baseline run that was not.
    String pairedCell = paired.isEmpty() || ratio.isEmpty() ? "" : ratioCell(paired);
    double pm = Stats.median(paired);
    int places = Stats.places(b, s);
    String target;
    String met;
    switch (row.target()) {
      case RATIO -> {
        target = "≤ " + plain(row.limit()) + "x baseline";
        met = paired.isEmpty() ? "no data" : pm <= row.limit() ? "met" : "not met";
      }
      case RATIO_AND_BELOW_KIB -> {
        target = "≤ " + plain(row.limit()) + "x baseline and < " + plain(row.abs()) + " KiB";
        met = paired.isEmpty() ? "no data" : pm <= row.limit() && sm < row.abs() ? "met" : "not met";
      }
      case ZERO -> {
        target = "0 in every run";
        met = s.isEmpty() ? "no data" : Stats.max(s) == 0 ? "met" : "not met";
      }
      case EXACTLY -> {
        target = Stats.fmt(row.limit(), 0) + " in every run";
        met = s.isEmpty() ? "no data"
            : Stats.min(s) == row.limit() && Stats.max(s) == row.limit() ? "met" : "not met";
      }
      default -> {
        target = "";
        met = "";
      }
    }
    return "| " + row.label() + " | " + Stats.cell(b, places) + " | " + Stats.cell(s, places) + " | "
        + ratio + " | " + pairedCell + " | " + target + " | " + met + " |";
  }

  /**
   * Returns, sorted, Switchboard's figure over the baseline's for every run number both have a
   * nonzero baseline figure for: the two runs of a pair follow each other, so a machine that is
   * slower for a while (a virtual machine's share of its host) slows both alike and the ratio
   * keeps what the servers themselves cost.
   */
  static List<Double> pairedRatios(Map<Integer, JsonNode> base, Map<Integer, JsonNode> sb, String key) {
    List<Double> ratios = new ArrayList<>();
    for (var run : sb.entrySet()) {
      JsonNode b = base.get(run.getKey());
      Double bv = b == null ? null : Stats.value(b, key);
      Double sv = Stats.value(run.getValue(), key);
      if (bv != null && sv != null && bv != 0) {
        ratios.add(sv / bv);
      }
    }
    ratios.sort(null);
    return ratios;
  }

  /** Returns "median (min-max)" of sorted ratios, or the median alone if the range rounds to it. */
  private static String ratioCell(List<Double> sorted) {
    String median = String.format(Locale.ROOT, "%.2fx", Stats.median(sorted));
    String min = Stats.fmt(Stats.min(sorted), 2);
    String max = Stats.fmt(Stats.max(sorted), 2);
    return min.equals(max) ? median : median + " (" + min + "-" + max + ")";
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
