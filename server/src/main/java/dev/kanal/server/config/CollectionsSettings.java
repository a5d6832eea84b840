package dev.kanal.server.config;

import com.typesafe.config.Config;
import dev.kanal.persistence.collection.CollectionSettings;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.store.Store;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code kanal.collections}, {@code kanal.views}, {@code kanal.store} and {@code kanal.seed-file}:
 * which collections and views exist, where they are journaled, and optional seed data.
 */
public record CollectionsSettings(
    Map<String, CollectionSchema> collections,
    Map<String, String> views,
    Store store,
    CollectionSettings log,
    Optional<Path> seedFile) {
  /** Names go into topics and URLs as they are. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  static CollectionsSettings from(Config kanal) {
    Map<String, CollectionSchema> collections = new LinkedHashMap<>();
    Config collectionsConfig = kanal.getConfig("collections");
    for (String name : kanal.getObject("collections").keySet()) {
      checkName("kanal.collections", name);
      collections.put(name, CollectionSchema.fromConfig(name, collectionsConfig.getConfig(quoted(name))));
    }
    Map<String, String> views = new LinkedHashMap<>();
    Config viewsConfig = kanal.getConfig("views");
    for (String name : kanal.getObject("views").keySet()) {
      checkName("kanal.views", name);
      if (collections.containsKey(name)) {
        throw new IllegalArgumentException("kanal.views." + name + ": a collection has that name already");
      }
      views.put(name, viewsConfig.getConfig(quoted(name)).getString("class"));
    }
    Config store = kanal.getConfig("store");
    CollectionSettings log = new CollectionSettings(
        store.getInt("retained-changes"),
        store.getInt("snapshot-every"),
        store.getDuration("republish-every"),
        store.getDuration("confirm-wait"));
    String seed = kanal.getString("seed-file");
    return new CollectionsSettings(
        collections, views, Store.fromConfig(store), log, seed.isBlank() ? Optional.empty() : Optional.of(Path.of(seed)));
  }

  private static void checkName(String section, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(section + "." + name + ": names may hold only letters, digits, _ and -");
    }
  }

  private static String quoted(String key) {
    return "\"" + key + "\"";
  }
}
