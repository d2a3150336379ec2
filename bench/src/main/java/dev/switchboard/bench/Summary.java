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

/**
 * Turns the scenario runner's raw results (one JSON line per run: scenario, server, run number
 * and the load generator's report, or an error) into one markdown table per scenario: median
 * and min-max per server, the ratio of Switchboard's median to the baseline's, and whether each
 * target of issue 3 is met.
 *
 * <pre>{@code java -cp ... dev.switchboard.bench.Summary bench/results/<run>/raw.jsonl}</pre>
 */
public final class Summary {
  static final String BASELINE = "baseline";
  static final String SWITCHBOARD = "switchboard";

  /** How a row's target is judged. */
  enum Target {
    NONE,
    /** Switchboard's median at most {@code limit} times the baseline's. */
    RATIO,
    /** Switchboard's median at most {@code limit} times the baseline's and below {@code abs} KiB. */
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
    Map<String, Map<String, List<JsonNode>>> byScenario = new LinkedHashMap<>();
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
      byScenario.get(scenario).computeIfAbsent(server, k -> new ArrayList<>()).add(j.get("result"));
    }
    StringBuilder out = new StringBuilder();
    for (var e : byScenario.entrySet()) {
      String id = e.getKey();
      List<JsonNode> base = e.getValue().getOrDefault(BASELINE, List.of());
      List<JsonNode> sb = e.getValue().getOrDefault(SWITCHBOARD, List.of());
      out.append("### ").append(TITLES.getOrDefault(id, id)).append("\n\n");
      out.append("Runs: baseline ").append(base.size()).append(", Switchboard ").append(sb.size())
          .append(" (interleaved, each server freshly started). Median (min-max).");
      List<Double> load = loads.getOrDefault(id, List.of());
      if (!load.isEmpty()) {
        out.append(String.format(Locale.ROOT, " Machine load average at run start: %.1f-%.1f.",
            load.stream().mapToDouble(Double::doubleValue).min().orElse(0),
            load.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
      }
      out.append("\n\n");
      out.append("| metric | baseline | Switchboard | ratio | target | met |\n");
      out.append("|---|---|---|---|---|---|\n");
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

  private static String row(Row row, List<JsonNode> base, List<JsonNode> sb) {
    double[] b = values(base, row.key());
    double[] s = values(sb, row.key());
    double bm = median(b);
    double sm = median(s);
    String ratio = b.length > 0 && s.length > 0 && bm != 0 && !Double.isNaN(bm) && !Double.isNaN(sm)
        ? String.format(Locale.ROOT, "%.2fx", sm / bm) : "";
    int places = places(b, s);
    String target;
    String met;
    switch (row.target()) {
      case RATIO -> {
        target = "≤ " + plain(row.limit()) + "x baseline";
        met = ratio.isEmpty() ? "no data" : sm / bm <= row.limit() ? "met" : "not met";
      }
      case RATIO_AND_BELOW_KIB -> {
        target = "≤ " + plain(row.limit()) + "x baseline and < " + plain(row.abs()) + " KiB";
        met = ratio.isEmpty() ? "no data" : sm / bm <= row.limit() && sm < row.abs() ? "met" : "not met";
      }
      case ZERO -> {
        target = "0 in every run";
        met = s.length == 0 ? "no data" : max(s) == 0 ? "met" : "not met";
      }
      case EXACTLY -> {
        target = fmt(row.limit(), 0) + " in every run";
        met = s.length == 0 ? "no data" : min(s) == row.limit() && max(s) == row.limit() ? "met" : "not met";
      }
      default -> {
        target = "";
        met = "";
      }
    }
    return "| " + row.label() + " | " + cell(b, places) + " | " + cell(s, places) + " | " + ratio + " | " + target + " | " + met + " |";
  }

  private static double[] values(List<JsonNode> runs, String key) {
    List<Double> v = new ArrayList<>();
    for (JsonNode r : runs) {
      Double d = value(r, key);
      if (d != null) {
        v.add(d);
      }
    }
    return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static Double value(JsonNode r, String key) {
    if (key.equals("anomalies")) {
      return r.get("duplicates").asDouble() + r.get("misrouted").asDouble()
          + r.get("out_of_order").asDouble() + r.get("unparsed").asDouble();
    }
    JsonNode n = r;
    for (String part : key.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    return n == null || n.isNull() ? null : n.asDouble();
  }

  private static String cell(double[] v, int places) {
    if (v.length == 0) {
      return "n/a";
    }
    if (v.length == 1 || min(v) == max(v)) {
      return fmt(median(v), places);
    }
    return fmt(median(v), places) + " (" + fmt(min(v), places) + "-" + fmt(max(v), places) + ")";
  }

  /** Decimal places for a row: none for counts, fewer for larger figures. */
  private static int places(double[] a, double[] b) {
    double largest = 0;
    boolean integral = true;
    for (double[] arr : List.of(a, b)) {
      for (double x : arr) {
        integral &= x == Math.rint(x);
        largest = Math.max(largest, Math.abs(x));
      }
    }
    return integral || largest >= 100 ? 0 : largest >= 10 ? 1 : 2;
  }

  static double median(double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static double min(double[] sorted) {
    return sorted[0];
  }

  private static double max(double[] sorted) {
    return sorted[sorted.length - 1];
  }

  private static String fmt(double v, int places) {
    return places == 0
        ? String.format(Locale.ROOT, "%,d", Math.round(v))
        : String.format(Locale.ROOT, "%,." + places + "f", v);
  }

  private static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
