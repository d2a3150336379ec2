package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Median, min-max and number formatting over the reports of several runs, for {@link
 * RedisSummary}: values are read by report key (dotted for nested fields; {@code anomalies} is
 * duplicates + misrouted + out of order + unparsed).
 */
final class Stats {
  private Stats() {}

  /** Returns the sorted values of {@code key} in {@code runs}, leaving out runs without it. */
  static List<Double> values(List<JsonNode> runs, String key) {
    List<Double> v = new ArrayList<>();
    for (JsonNode r : runs) {
      Double d = value(r, key);
      if (d != null) {
        v.add(d);
      }
    }
    v.sort(null);
    return v;
  }

  /** Returns the value of {@code key} in one report, null if it has none. */
  static Double value(JsonNode r, String key) {
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

  /** Returns the median of sorted values (NaN for none). */
  static double median(List<Double> sorted) {
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double min(List<Double> sorted) {
    return sorted.get(0);
  }

  static double max(List<Double> sorted) {
    return sorted.get(sorted.size() - 1);
  }

  /** Returns "median (min-max)", or "n/a" for no values, or the median when all are equal. */
  static String cell(List<Double> sorted, int places) {
    if (sorted.isEmpty()) {
      return "n/a";
    }
    if (min(sorted) == max(sorted)) {
      return fmt(median(sorted), places);
    }
    return fmt(median(sorted), places) + " (" + fmt(min(sorted), places) + "-"
        + fmt(max(sorted), places) + ")";
  }

  /** Decimal places for a row: none for counts and figures from 100, 1 from 10, else 2. */
  static int places(List<Double> a, List<Double> b) {
    double largest = 0;
    boolean integral = true;
    for (List<Double> l : List.of(a, b)) {
      for (double x : l) {
        integral &= x == Math.rint(x);
        largest = Math.max(largest, Math.abs(x));
      }
    }
    return integral || largest >= 100 ? 0 : largest >= 10 ? 1 : 2;
  }

  /** Formats a figure with thousands separators and {@code places} decimals. */
  static String fmt(double v, int places) {
    return places == 0
        ? String.format(Locale.ROOT, "%,d", Math.round(v))
        : String.format(Locale.ROOT, "%,." + places + "f", v);
  }
}
