package dev.kanal.bench.scenario;

import dev.kanal.bench.client.Dialect;
import dev.kanal.bench.client.SocketClient;
import dev.kanal.bench.measure.Result;
import dev.kanal.bench.measure.ServerMetrics;
import dev.kanal.bench.measure.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Everything one scenario run works with; the figures go into {@code result}. */
record Run(
    TargetServer target,
    List<URI> urls,
    String token,
    Dialect dialect,
    SocketClient client,
    HttpClient http,
    ServerProcesses servers,
    ServerMetrics metrics,
    Deadline deadline,
    Result.Builder result) {

  /** The server side's memory at one moment. */
  record Memory(long rssBytes, long heapBytes) {}

  /*
   * The readings below are figures beside the point of a run: one that fails is reported as a
   * problem, and the run goes on without it.
   */

  /** The servers' memory (the live heap only where the target measures it, else -1), if known. */
  Optional<Memory> memory() {
    if (servers.isEmpty()) {
      return Optional.empty();
    }
    try {
      long heap = target.measuresHeap() ? servers.heapAfterFullGcBytes() : -1;
      return Optional.of(new Memory(servers.rssBytes(), heap));
    } catch (IOException | RuntimeException e) {
      result.problem("server memory not measured: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The servers' CPU seconds so far, if known. */
  OptionalDouble cpuSeconds() {
    if (servers.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(servers.cpuSeconds());
    } catch (IOException | RuntimeException e) {
      result.problem("server CPU not measured: " + e.getMessage());
      return OptionalDouble.empty();
    }
  }

  /** The servers' metrics; none for a server without them or one that did not answer. */
  Map<String, Double> scrapeMetrics() throws InterruptedException {
    try {
      return metrics.isEmpty() ? Map.of() : metrics.scrape();
    } catch (IOException e) {
      result.problem("server metrics not read: " + e.getMessage());
      return Map.of();
    }
  }

  /** Adds, as figure {@code name}, how much metric {@code sample} grew between two scrapes. */
  void metricDelta(String name, String sample, Map<String, Double> before, Map<String, Double> after) {
    if (after.containsKey(sample)) {
      result.figure(name, after.get(sample) - before.getOrDefault(sample, 0.0));
    }
  }

  /** The node socket {@code i} uses: subscribers and writers are spread round-robin. */
  URI urlFor(long i) {
    return urls.get((int) (i % urls.size()));
  }
}
