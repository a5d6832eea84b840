package dev.kanal.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The node's counters, served at {@code GET /metrics} in Prometheus text format: open sockets,
 * every limit a client ran into, why sockets were closed, and what the node's fan-out received,
 * encoded and delivered (which shows a broadcast reaching a node once and being encoded there once
 * per protocol version). Each node has its own registry, so
 * several nodes may share a JVM in tests.
 */
public final class KanalMetrics {
  /** A limit or check that refused something a client sent or asked for. */
  public enum Refusal {
    MAX_CONNECTIONS,
    JOINS_PER_SECOND,
    EVENTS_PER_SECOND,
    MAX_CHANNELS,
    MALFORMED_FRAME
  }

  /** Why the server closed a socket. */
  public enum Close {
    IDLE,
    FLOOD,
    FRAME_TOO_LARGE,
    SLOW_CONSUMER
  }

  /** What a topic entity sends a node's fan-out. */
  public enum Fanout {
    BROADCAST,
    CHANGE
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge sockets = Gauge.builder()
      .name("kanal_sockets_open")
      .help("Sockets open on this node, by dialect")
      .labelNames("dialect")
      .register(registry);
  private final Counter refusals = Counter.builder()
      .name("kanal_refusals_total")
      .help("Requests refused by a limit or check, by limit")
      .labelNames("limit")
      .register(registry);
  private final Counter closes = Counter.builder()
      .name("kanal_socket_closes_total")
      .help("Sockets the server closed, by reason")
      .labelNames("reason")
      .register(registry);

  private final Counter fanoutReceived = Counter.builder()
      .name("kanal_fanout_received_total")
      .help("Broadcasts and collection changes this node's fan-out received from topic entities, by kind")
      .labelNames("kind")
      .register(registry);
  private final Counter framesEncoded = Counter.builder()
      .name("kanal_frames_encoded_total")
      .help("Broadcast and change frames encoded for local sockets, by dialect and protocol version")
      .labelNames("dialect", "vsn")
      .register(registry);
  private final Counter deliveries = Counter.builder()
      .name("kanal_deliveries_total")
      .help("Broadcast and change deliveries handed to local sockets")
      .register(registry);

  public KanalMetrics() {
    for (Refusal refusal : Refusal.values()) {
      refusals.labelValues(label(refusal)).inc(0);
    }
    for (Close close : Close.values()) {
      closes.labelValues(label(close)).inc(0);
    }
    for (Fanout kind : Fanout.values()) {
      fanoutReceived.labelValues(label(kind)).inc(0);
    }
  }

  public void socketOpened(String dialect) {
    sockets.labelValues(dialect).inc();
  }

  public void socketClosed(String dialect) {
    sockets.labelValues(dialect).dec();
  }

  public void refused(Refusal refusal) {
    refusals.labelValues(label(refusal)).inc();
  }

  public void closed(Close reason) {
    closes.labelValues(label(reason)).inc();
  }

  public void fanoutReceived(Fanout kind) {
    fanoutReceived.labelValues(label(kind)).inc();
  }

  public void frameEncoded(String dialect, String vsn) {
    framesEncoded.labelValues(dialect, vsn).inc();
  }

  public void delivered(int count) {
    deliveries.inc(count);
  }

  /** Everything in Prometheus text format 0.0.4. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
