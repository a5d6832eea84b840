package dev.kanal.server.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KanalMetricsTest {

  @Test
  void everyLimitAndCloseReasonIsServedFromZeroAndCounts() {
    KanalMetrics metrics = new KanalMetrics();
    String before = metrics.scrape();
    assertTrue(before.contains("kanal_refusals_total{limit=\"max_channels\"} 0"), before);
    assertTrue(before.contains("kanal_socket_closes_total{reason=\"slow_consumer\"} 0"), before);

    metrics.socketOpened("phoenix");
    metrics.socketOpened("phoenix");
    metrics.socketClosed("phoenix");
    metrics.refused(KanalMetrics.Refusal.JOINS_PER_SECOND);
    metrics.closed(KanalMetrics.Close.FLOOD);
    metrics.closed(KanalMetrics.Close.FLOOD);

    String after = metrics.scrape();
    assertTrue(after.contains("kanal_sockets_open{dialect=\"phoenix\"} 1"), after);
    assertTrue(after.contains("kanal_refusals_total{limit=\"joins_per_second\"} 1"), after);
    assertTrue(after.contains("kanal_socket_closes_total{reason=\"flood\"} 2"), after);
    assertTrue(after.contains("# TYPE kanal_refusals_total counter"), after);
  }
}
