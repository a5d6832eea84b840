package dev.kanal.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

  @Test
  void samplesAreKeyedByNameAndLabelsAsPrinted() {
    Map<String, Double> samples = ServerMetrics.parse("""
        # HELP kanal_sockets_open Sockets open on this node
        # TYPE kanal_sockets_open gauge
        kanal_sockets_open{dialect="phoenix"} 200.0
        kanal_fanout_received_total{kind="broadcast"} 300.0
        kanal_frames_encoded_total{dialect="phoenix",vsn="2.0.0"} 1.5E3
        """);
    assertEquals(Map.of(
        "kanal_sockets_open{dialect=\"phoenix\"}", 200.0,
        "kanal_fanout_received_total{kind=\"broadcast\"}", 300.0,
        "kanal_frames_encoded_total{dialect=\"phoenix\",vsn=\"2.0.0\"}", 1500.0), samples);
  }
}
