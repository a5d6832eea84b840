package dev.kanal.bench.report;

import java.util.Locale;

/** How the report writes numbers: as many decimals as the magnitude deserves, and ratios. */
final class Figures {
  private Figures() {}

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 100 || value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, magnitude >= 10 ? "%.1f" : "%.2f", value);
  }

  /** Kanal's figure over the reference's, or a dash when there is nothing to divide. */
  static String ratio(double kanal, double reference) {
    if (Double.isNaN(kanal) || Double.isNaN(reference) || reference == 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f×", kanal / reference);
  }

  /** A rate parameter: 0 means as fast as the server answers. */
  static String rate(Object value) {
    double rate = ((Number) value).doubleValue();
    return rate == 0 ? "full speed" : number(rate) + "/s";
  }

  /** Compact axis labels: 950, 12k, 1.5M. */
  static String compact(double value) {
    if (value >= 1e6) {
      return trim(value / 1e6) + "M";
    }
    if (value >= 1e3) {
      return trim(value / 1e3) + "k";
    }
    return trim(value);
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
