package dev.kanal.examples.kaffediem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.spi.CollectionReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The menu records an order is snapshotted from, each collection's by id. */
record Catalog(
    Map<Long, ObjectNode> items,
    Map<Long, ObjectNode> categories,
    Map<Long, ObjectNode> keys,
    Map<Long, ObjectNode> values) {

  /** Reads the four collections at once. */
  static CompletionStage<Catalog> read(CollectionReader reader) {
    CompletableFuture<Map<Long, ObjectNode>> items = byId(reader, "item");
    CompletableFuture<Map<Long, ObjectNode>> categories = byId(reader, "category");
    CompletableFuture<Map<Long, ObjectNode>> keys = byId(reader, "customization_key");
    CompletableFuture<Map<Long, ObjectNode>> values = byId(reader, "customization_value");
    return CompletableFuture.allOf(items, categories, keys, values)
        .thenApply(all -> new Catalog(items.join(), categories.join(), keys.join(), values.join()));
  }

  private static CompletableFuture<Map<Long, ObjectNode>> byId(CollectionReader reader, String collection) {
    return reader.records(collection).toCompletableFuture().thenApply(Catalog::byId);
  }

  private static Map<Long, ObjectNode> byId(List<ObjectNode> records) {
    Map<Long, ObjectNode> byId = new HashMap<>();
    for (ObjectNode record : records) {
      JsonNode id = record.get("id");
      if (id != null && id.canConvertToLong()) {
        byId.put(id.longValue(), record);
      }
    }
    return byId;
  }
}
