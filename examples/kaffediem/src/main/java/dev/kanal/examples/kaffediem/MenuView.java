package dev.kanal.examples.kaffediem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.spi.CollectionView;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code menu} view the Kaffediem frontend joins as {@code collection:menu}:
 * {@code {"tree":[categories…], "indexes":{categories, items, items_by_category, customization_keys,
 * customization_values, customizations_by_key}}}. Every list is ordered by {@code sort_order}, then
 * {@code name}, because the frontend shows entries in array order.
 */
public final class MenuView implements CollectionView {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** {@code sort_order} asc, then {@code name} asc; a missing value sorts last. */
  private static final Comparator<ObjectNode> MENU_ORDER =
      Comparator.comparing(MenuView::sortOrder, Comparator.nullsLast(Comparator.<Long>naturalOrder()))
          .thenComparing(MenuView::name, Comparator.nullsLast(Comparator.naturalOrder()));

  @Override
  public List<String> sources() {
    return List.of("category", "item", "customization_key", "customization_value");
  }

  @Override
  public ObjectNode compute(Map<String, List<ObjectNode>> records) {
    List<ObjectNode> categories = sorted(records.get("category"));
    List<ObjectNode> items = sorted(records.get("item"));
    List<ObjectNode> keys = sorted(records.get("customization_key"));
    List<ObjectNode> values = sorted(records.get("customization_value"));

    Map<String, String> categoryNames = new HashMap<>();
    categories.forEach(category -> categoryNames.put(idKey(category), name(category)));
    // Computed rather than stored, so renaming a category renames it on every item at once.
    items.forEach(item -> item.put("category_name", categoryNames.get(idKey(item.get("category_id")))));

    ObjectNode indexes = JSON.objectNode();
    indexes.set("categories", array(categories));
    indexes.set("items", array(items));
    indexes.set("items_by_category", grouped(categories, items, "category_id"));
    indexes.set("customization_keys", array(keys));
    indexes.set("customization_values", array(values));
    indexes.set("customizations_by_key", grouped(keys, values, "belongs_to"));

    ObjectNode menu = JSON.objectNode();
    // The frontend only checks that tree is an array; the real backend sends the categories.
    menu.set("tree", array(categories));
    menu.set("indexes", indexes);
    return menu;
  }

  /**
   * Copies, so that adding {@code category_name} never touches the collection's own records, and
   * sorts.
   */
  private static List<ObjectNode> sorted(List<ObjectNode> records) {
    return records.stream().map(ObjectNode::deepCopy).sorted(MENU_ORDER).toList();
  }

  /** {@code {"<parent id>": [children…]}} with a key, maybe for an empty array, for every parent. */
  private static ObjectNode grouped(List<ObjectNode> parents, List<ObjectNode> children, String parentField) {
    ObjectNode groups = JSON.objectNode();
    parents.forEach(parent -> groups.putArray(idKey(parent)));
    for (ObjectNode child : children) {
      JsonNode group = groups.get(idKey(child.get(parentField)));
      if (group != null) {
        ((ArrayNode) group).add(child);
      }
    }
    return groups;
  }

  private static ArrayNode array(List<ObjectNode> records) {
    ArrayNode array = JSON.arrayNode();
    records.forEach(array::add);
    return array;
  }

  private static String idKey(ObjectNode record) {
    return idKey(record.get("id"));
  }

  /** Ids as JSON object keys: {@code 1} and {@code "1"} are the same key. */
  private static String idKey(JsonNode id) {
    return id == null || id.isNull() ? null : id.asText();
  }

  private static Long sortOrder(ObjectNode record) {
    JsonNode value = record.get("sort_order");
    return value == null || !value.isNumber() ? null : value.longValue();
  }

  private static String name(ObjectNode record) {
    JsonNode value = record.get("name");
    return value == null || value.isNull() ? null : value.asText();
  }
}
