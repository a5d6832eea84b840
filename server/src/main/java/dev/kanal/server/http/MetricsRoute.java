package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import dev.kanal.server.metrics.KanalMetrics;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: the node's counters in Prometheus text format. */
final class MetricsRoute {
  private final KanalMetrics metrics;

  MetricsRoute(KanalMetrics metrics) {
    this.metrics = metrics;
  }

  Route route() {
    return path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(
        HttpEntities.create(MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8), metrics.scrape())))));
  }
}
