package dev.kanal.server.dialect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a dialect may read of a socket's upgrade request: its query parameters and requested subprotocols. */
public record Handshake(Map<String, List<String>> query, List<String> subprotocols) {

  /** The first value of query parameter {@code name}. */
  public Optional<String> param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
