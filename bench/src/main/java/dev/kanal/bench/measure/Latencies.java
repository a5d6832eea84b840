package dev.kanal.bench.measure;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution in microseconds with three significant digits, recorded from several
 * event loop threads at once.
 */
public final class Latencies {
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

  public void record(long nanos) {
    histogram.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** Adds {@code name_p50_ms}, {@code _p90_ms}, {@code _p99_ms} and {@code _max_ms}, if anything was recorded. */
  public void addTo(Result.Builder result, String name) {
    if (count() == 0) {
      return;
    }
    result.figure(name + "_p50_ms", millis(histogram.getValueAtPercentile(50)));
    result.figure(name + "_p90_ms", millis(histogram.getValueAtPercentile(90)));
    result.figure(name + "_p99_ms", millis(histogram.getValueAtPercentile(99)));
    result.figure(name + "_max_ms", millis(histogram.getMaxValue()));
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
