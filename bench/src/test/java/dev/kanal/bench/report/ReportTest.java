package dev.kanal.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.bench.measure.Result;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The report rendered from a fixed small result set. */
class ReportTest {
  private static final Machine MACHINE = new Machine(2, "Test CPU @ 2.0GHz", 8_000_000_000L, "6.1.0", "OpenJDK 17.0.15");

  private static final List<Result> RESULTS = List.of(
      fanout("kanal", 1000, 0, "2026-11-23T10:00:00Z", 50_000, 12.5, List.of()),
      fanout("reference", 1000, 0, "2026-11-23T10:01:00Z", 200_000, 2.5, List.of()),
      fanout("kanal", 2000, 0, "2026-11-23T10:02:00Z", 60_000, 20, List.of("3 subscribers missed 3 messages in all")),
      fanout("reference", 2000, 0, "2026-11-23T10:03:00Z", 240_000, 4, List.of()),
      fanout("kanal", 1000, 5, "2026-11-23T10:04:00Z", 5_000, 3.25, List.of()),
      fanout("reference", 1000, 5, "2026-11-23T10:05:00Z", 5_000, 1.3, List.of()),
      // an earlier run of a case that was run again: the later one counts
      fanout("kanal", 1000, 0, "2026-11-23T09:00:00Z", 1, 1, List.of("stale")),
      new Result("presence", "kanal", "java -jar bench/target/kanal-bench.jar presence --sockets 100",
          "2026-11-23T10:06:00Z", 3, true, Map.of("nodes", 1, "sockets", 100, "join_rate", 0.0),
          Map.of("converged_s", 1.25, "frames_per_client", 6.2, "bytes_per_client", 13_778.8), List.of()));

  @Test
  void everyScenarioGetsATableWithKanalTheReferenceAndTheirRatio() {
    String markdown = Report.markdown(MACHINE, "bench/run.sh\ntaskset -c 0 java -jar server.jar", RESULTS,
        List.of("## Collection writes on PostgreSQL\n\nHand-written.\n"));

    assertTrue(markdown.startsWith("# Benchmarks\n"));
    assertTrue(markdown.contains("| 2 | Test CPU @ 2.0GHz | 8 GB | 6.1.0 | OpenJDK 17.0.15 |"), markdown);
    assertTrue(markdown.contains("```sh\nbench/run.sh\ntaskset -c 0 java -jar server.jar\n```"));
    assertTrue(markdown.contains("### Fan-out to one topic"));
    assertTrue(markdown.contains("![Fan-out throughput and p99 latency against subscribers](bench-fanout.svg)"));
    assertTrue(markdown.contains(
        "| subscribers | messages | rate | in flight | deliveries/s Kanal | ref | × | p50 ms Kanal | ref | × |"), markdown);
    assertTrue(markdown.contains("| lost Kanal | ref |\n"), markdown);
    assertTrue(markdown.contains("| 1,000 | 100 | full speed | 1 | 50,000 | 200,000 | 0.25× | 12.5 | 2.50 | 5.00× |"), markdown);
    assertTrue(markdown.contains("| 1,000 | 100 | 5/s | 1 | 5,000 | 5,000 | 1.00× | 3.25 | 1.30 | 2.50× |"), markdown);
    assertTrue(markdown.contains("- kanal, subscribers 2,000, messages 100, rate full speed, in flight 1: 3 subscribers missed 3 messages in all"));
    assertFalse(markdown.contains("stale"));
    assertTrue(markdown.contains("java -jar bench/target/kanal-bench.jar fanout --sockets 1000 --rate 0 --target kanal "
        + "--url URLS --server-pid PIDS --out FILE\n"), markdown);
  }

  @Test
  void aScenarioWithoutReferenceRunsShowsKanalAlone() {
    String markdown = Report.markdown(MACHINE, null, RESULTS, List.of());
    assertTrue(markdown.contains("| clients | converged s | join p99 ms | frames/client | bytes/client |"), markdown);
    assertTrue(markdown.contains("| 100 | 1.25 | — | 6.20 | 13,779 |"), markdown);
    assertFalse(markdown.contains("### Connections"));
  }

  @Test
  void handWrittenSectionsFollowTheTablesAsTheyAre() {
    String section = "## Collection writes on PostgreSQL\n\n| date | writers |\n| --- | --- |\n| 2026-11-23 | 1 |\n";
    String markdown = Report.markdown(MACHINE, null, RESULTS, List.of(section));
    assertTrue(markdown.endsWith(section), markdown);
  }

  @Test
  void casesAreOrderedByTheirParameters() {
    List<Report.Case> cases = Report.cases(RESULTS, TableSpec.FANOUT);
    assertEquals(List.of(1000, 1000, 2000), cases.stream().map(c -> c.parameters().get("sockets")).toList());
    assertEquals(List.of(0.0, 5.0, 0.0), cases.stream().map(c -> c.parameters().get("rate")).toList());
  }

  @Test
  void theChartIsSvgWithAThroughputLineAndLatencyLinesPerServer() throws Exception {
    String svg = FanoutChart.svg(Report.cases(RESULTS, TableSpec.FANOUT));
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", document.getDocumentElement().getTagName());
    // throughput at full speed for both servers; p99 at full speed and at 5/s for both
    assertEquals(2 + 4, document.getElementsByTagName("polyline").getLength());
    assertTrue(svg.contains(">Kanal, 5/s</text>"));
    assertTrue(svg.contains(">2k</text>"));
    assertFalse(svg.contains("NaN"));
  }

  @Test
  void niceCeilingsAreRoundNumbers() {
    assertEquals(250_000, FanoutChart.niceCeiling(240_000));
    assertEquals(20, FanoutChart.niceCeiling(12.5));
    assertEquals(1, FanoutChart.niceCeiling(0));
  }

  private static Result fanout(String target, int sockets, double rate, String started, double deliveries,
      double p50, List<String> problems) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("nodes", 1);
    parameters.put("sockets", sockets);
    parameters.put("messages", 100);
    parameters.put("payload_bytes", 100);
    parameters.put("rate", rate);
    parameters.put("window", 1);
    Map<String, Double> figures = Map.of(
        "deliveries_per_s", deliveries, "latency_p50_ms", p50, "latency_p99_ms", p50 * 4, "lost", 0.0);
    String command = "java -jar bench/target/kanal-bench.jar fanout --sockets " + sockets + " --rate " + (int) rate
        + " --target " + target + " --url http://127.0.0.1:2" + sockets + " --server-pid 4" + sockets
        + " --out bench/target/results/x.json";
    return new Result("fanout", target, command, started, 10, true, parameters, figures, problems);
  }
}
