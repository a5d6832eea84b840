package dev.kanal.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code docs/bench-fanout.svg}: fan-out deliveries per second (at full speed) and p99 latency (at
 * every rate measured) against subscribers, Kanal beside the reference. Plain hand-written SVG.
 */
final class FanoutChart {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 440;
  private static final int TOP = 60;
  private static final int PLOT_WIDTH = 360;
  private static final int PLOT_HEIGHT = 250;
  private static final int[] PANEL_LEFT = {80, 560};
  private static final int TICKS = 5;

  /** One line: a server at one rate, y per subscriber count (NaN where not measured). */
  record Series(String label, String color, boolean dashed, double[] ys) {}

  private FanoutChart() {}

  /** Only cases that publish one message at a time: a burst's figures would be a different line. */
  static String svg(List<Report.Case> allCases) {
    List<Report.Case> cases = allCases.stream().filter(FanoutChart::oneInFlight).toList();
    double[] subscribers = cases.stream()
        .mapToDouble(c -> ((Number) c.parameters().get("sockets")).doubleValue()).distinct().sorted().toArray();
    double[] rates = cases.stream()
        .mapToDouble(c -> ((Number) c.parameters().get("rate")).doubleValue()).distinct().sorted().toArray();
    List<Series> throughput = new ArrayList<>();
    List<Series> latency = new ArrayList<>();
    for (String target : List.of(Report.KANAL, Report.REFERENCE)) {
      throughput.add(series(cases, subscribers, target, 0, "deliveries_per_s"));
      for (double rate : rates) {
        latency.add(series(cases, subscribers, target, rate, "latency_p99_ms"));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    out.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
    panel(out, PANEL_LEFT[0], "Deliveries per second, publishing at full speed", subscribers, throughput);
    panel(out, PANEL_LEFT[1], "p99 latency, ms (publish to receipt)", subscribers, latency);
    return out.append("</svg>\n").toString();
  }

  private static boolean oneInFlight(Report.Case c) {
    Object window = c.parameters().get("window");
    return !(window instanceof Number n) || n.intValue() == 1;
  }

  private static Series series(List<Report.Case> cases, double[] subscribers, String target, double rate, String figure) {
    double[] ys = new double[subscribers.length];
    for (int i = 0; i < subscribers.length; i++) {
      double n = subscribers[i];
      ys[i] = cases.stream()
          .filter(c -> ((Number) c.parameters().get("sockets")).doubleValue() == n
              && ((Number) c.parameters().get("rate")).doubleValue() == rate)
          .map(c -> c.of(target))
          .flatMap(Optional::stream)
          .mapToDouble(r -> r.figure(figure))
          .findFirst()
          .orElse(Double.NaN);
    }
    String label = (target.equals(Report.KANAL) ? "Kanal" : "reference") + ", " + Figures.rate(rate);
    return new Series(label, target.equals(Report.KANAL) ? "#1f6feb" : "#e36209", rate != 0, ys);
  }

  private static void panel(StringBuilder out, int left, String title, double[] subscribers, List<Series> series) {
    double top = niceCeiling(series.stream().flatMapToDouble(s -> Arrays.stream(s.ys()))
        .filter(Double::isFinite).max().orElse(1));
    int bottom = TOP + PLOT_HEIGHT;
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
        left, TOP - 25, escape(title)));
    for (int t = 0; t <= TICKS; t++) {
      double value = top * t / TICKS;
      double y = bottom - PLOT_HEIGHT * (double) t / TICKS;
      out.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
          left, y, left + PLOT_WIDTH, y, left - 6, y + 4, Figures.compact(value)));
    }
    for (int i = 0; i < subscribers.length; i++) {
      out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x(left, i, subscribers.length), bottom + 18, Figures.compact(subscribers[i])));
    }
    out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">subscribers</text>%n",
        left + PLOT_WIDTH / 2, bottom + 36));
    out.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
        left, TOP, left, bottom, left, bottom, left + PLOT_WIDTH, bottom));
    for (int s = 0; s < series.size(); s++) {
      line(out, left, top, subscribers.length, series.get(s));
      legend(out, left + (s % 2) * (PLOT_WIDTH / 2), bottom + 56 + (s / 2) * 18, series.get(s));
    }
  }

  private static void line(StringBuilder out, int left, double top, int count, Series series) {
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < count; i++) {
      double value = series.ys()[i];
      if (!Double.isFinite(value)) {
        continue;
      }
      double x = x(left, i, count);
      double y = TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x, y, series.color()));
    }
    if (points.length() == 0) {
      return;
    }
    out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%s%n",
        series.color(), dash(series), points.toString().trim(), dots));
  }

  private static void legend(StringBuilder out, int x, int y, Series series) {
    out.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
        x, y - 4, x + 24, y - 4, series.color(), dash(series), x + 30, y, escape(series.label())));
  }

  private static String dash(Series series) {
    return series.dashed() ? " stroke-dasharray=\"6 4\"" : "";
  }

  /** Subscriber counts are categories, evenly spaced: 1k, 2k, 5k, 10k read better so than on a linear axis. */
  private static double x(int left, int index, int count) {
    return left + PLOT_WIDTH * (index + 0.5) / count;
  }

  /** The smallest 1, 2, 2.5 or 5 times a power of ten at or above {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
