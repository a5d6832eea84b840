package dev.kanal.examples.kaffediem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.spi.CollectionReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The example's seed.json as collections of records, and a reader over them. */
final class Seed {
  static final ObjectMapper JSON = new ObjectMapper();

  private Seed() {}

  /** Every array of seed.json (the collections), fresh on each call so tests may change them. */
  static Map<String, List<ObjectNode>> collections() {
    try (InputStream in = Seed.class.getResourceAsStream("/seed.json")) {
      Map<String, List<ObjectNode>> collections = new LinkedHashMap<>();
      JSON.readTree(in).fields().forEachRemaining(entry -> {
        if (entry.getValue().isArray()) {
          List<ObjectNode> records = new ArrayList<>();
          entry.getValue().forEach(record -> records.add((ObjectNode) record));
          collections.put(entry.getKey(), records);
        }
      });
      return collections;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code collections} as the server would; an unknown name fails, as there. */
  static CollectionReader reader(Map<String, List<ObjectNode>> collections) {
    return name -> collections.containsKey(name)
        ? CompletableFuture.completedFuture(List.copyOf(collections.get(name)))
        : CompletableFuture.failedFuture(new IllegalArgumentException("unknown collection " + name));
  }

  static ObjectNode object(String json) {
    return (ObjectNode) parse(json);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
