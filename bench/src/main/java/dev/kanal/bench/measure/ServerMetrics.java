package dev.kanal.bench.measure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The servers' own counters from their Prometheus endpoints, summed over nodes. */
public final class ServerMetrics {
  private final HttpClient http;
  private final List<URI> endpoints;

  public ServerMetrics(HttpClient http, List<URI> endpoints) {
    this.http = http;
    this.endpoints = List.copyOf(endpoints);
  }

  public boolean isEmpty() {
    return endpoints.isEmpty();
  }

  /** Every sample, keyed by its name with labels as printed, e.g. {@code kanal_frames_encoded_total{dialect="phoenix",vsn="2.0.0"}}. */
  public Map<String, Double> scrape() throws IOException, InterruptedException {
    Map<String, Double> total = new HashMap<>();
    for (URI endpoint : endpoints) {
      HttpResponse<String> response =
          http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + endpoint + " answered " + response.statusCode());
      }
      parse(response.body()).forEach((sample, value) -> total.merge(sample, value, Double::sum));
    }
    return total;
  }

  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
