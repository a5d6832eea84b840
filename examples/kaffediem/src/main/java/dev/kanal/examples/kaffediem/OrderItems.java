package dev.kanal.examples.kaffediem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.schema.FieldErrors;
import dev.kanal.persistence.spi.HookRejection;
import java.util.Objects;

/**
 * Turns the items of the frontend's order body, {@code [{"item":1,"customizations":[{"key":1,"value":[2]}]}]},
 * into the snapshot an order keeps: names, prices and colours as they are now, so that later menu
 * edits do not rewrite orders already placed.
 */
final class OrderItems {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Catalog catalog;
  private final FieldErrors.Builder errors = new FieldErrors.Builder();

  private OrderItems(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The snapshot of {@code items} (a non-empty array); throws {@link HookRejection} naming every bad id. */
  static ArrayNode snapshot(ArrayNode items, Catalog catalog) {
    OrderItems order = new OrderItems(catalog);
    ArrayNode snapshot = JSON.arrayNode();
    for (int i = 0; i < items.size(); i++) {
      ObjectNode line = order.line(items.get(i), "items[" + i + "]");
      if (line != null) {
        snapshot.add(line);
      }
    }
    if (!order.errors.isEmpty()) {
      throw new HookRejection(order.errors.build());
    }
    return snapshot;
  }

  private ObjectNode line(JsonNode given, String path) {
    ObjectNode item = known(catalog.items().get(id(given.path("item"))), path + ".item", given.path("item"), "item");
    JsonNode customizations = given.path("customizations");
    ArrayNode chosen = JSON.arrayNode();
    if (customizations.isArray()) {
      for (int c = 0; c < customizations.size(); c++) {
        addChoices(customizations.get(c), path + ".customizations[" + c + "]", chosen);
      }
    } else if (!customizations.isMissingNode() && !customizations.isNull()) {
      errors.add(path + ".customizations", "must be an array");
    }
    if (item == null) {
      return null;
    }
    ObjectNode category = catalog.categories().get(id(item.path("category_id")));
    ObjectNode line = JSON.objectNode();
    line.set("item_id", item.get("id"));
    line.set("name", field(item, "name"));
    line.set("price", field(item, "price_nok"));
    line.set("category", category == null ? NullNode.instance : field(category, "name"));
    line.set("customizations", chosen);
    return line;
  }

  /** One snapshot entry per selected value id, in the order they were selected. */
  private void addChoices(JsonNode given, String path, ArrayNode chosen) {
    ObjectNode key = known(catalog.keys().get(id(given.path("key"))), path + ".key", given.path("key"), "customization key");
    JsonNode valueIds = given.path("value");
    if (!valueIds.isArray()) {
      errors.add(path + ".value", "must be an array of value ids");
      return;
    }
    for (JsonNode valueId : valueIds) {
      ObjectNode value = known(catalog.values().get(id(valueId)), path + ".value", valueId, "customization value");
      if (value == null || key == null) {
        continue;
      }
      if (!Objects.equals(id(value.path("belongs_to")), id(key.path("id")))) {
        errors.add(path + ".value", "value " + valueId + " is not a value of key " + key.get("id"));
        continue;
      }
      ObjectNode choice = chosen.addObject();
      choice.set("key_id", key.get("id"));
      choice.set("key_name", field(key, "name"));
      choice.set("value_id", value.get("id"));
      choice.set("value_name", field(value, "name"));
      choice.set("price_change", field(value, "price_increment_nok"));
      choice.set("label_color", field(key, "label_color"));
    }
  }

  /** The record, or null after noting that {@code id} names nothing. */
  private ObjectNode known(ObjectNode record, String path, JsonNode id, String what) {
    if (record == null) {
      errors.add(path, id.isMissingNode() ? "can't be blank" : what + " " + id + " does not exist");
    }
    return record;
  }

  /** Ids as the collections key them; anything but an integer matches no record. */
  private static Long id(JsonNode id) {
    return id.isIntegralNumber() && id.canConvertToLong() ? id.longValue() : null;
  }

  private static JsonNode field(ObjectNode record, String name) {
    JsonNode value = record.get(name);
    return value == null ? NullNode.instance : value;
  }
}
