package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.CollectionReply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code kanal.seed-file}, {@code {"collection": [records with their ids], …}}, into the
 * collections that have never had a change; a collection with data keeps it. Keys that are not
 * collections are skipped with a warning.
 */
public final class SeedLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SeedLoader.class);

  private SeedLoader() {}

  /** Reads and checks the file now (a broken file fails the start), then imports in the background. */
  public static void load(Path file, Collections collections) throws IOException {
    JsonNode seed = new ObjectMapper().readTree(file.toFile());
    if (seed == null || !seed.isObject()) {
      throw new IOException("seed file " + file + " must hold a JSON object of collection name to records");
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = seed.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String name = entry.getKey();
      if (!collections.isCollection(name)) {
        LOG.warn("Seed file {}: {} is not a collection; skipped", file, name);
        continue;
      }
      if (!entry.getValue().isArray()) {
        throw new IOException("seed file " + file + ": " + name + " must be an array of records");
      }
      if (entry.getValue().isEmpty()) {
        continue;
      }
      List<ObjectNode> records = new ArrayList<>();
      for (JsonNode record : entry.getValue()) {
        if (!record.isObject()) {
          throw new IOException("seed file " + file + ": every record of " + name + " must be an object");
        }
        records.add((ObjectNode) record);
      }
      collections.importRecords(name, records).whenComplete((imported, failure) -> {
        if (failure != null) {
          LOG.error("Seeding {} failed", name, failure);
        } else if (imported instanceof CollectionReply.Invalid invalid) {
          LOG.error("Seeding {} refused: {}", name, invalid.errors().byField());
        } else if (((CollectionReply.ImportDone) imported).count() > 0) {
          LOG.info("Seeded {} with {} records", name, ((CollectionReply.ImportDone) imported).count());
        } else {
          LOG.info("{} already has data; seed skipped", name);
        }
      });
    }
  }
}
