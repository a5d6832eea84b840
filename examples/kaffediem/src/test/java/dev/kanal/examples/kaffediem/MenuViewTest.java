package dev.kanal.examples.kaffediem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MenuViewTest {
  private final MenuView view = new MenuView();

  @Test
  void readsTheFourCatalogCollections() {
    assertEquals(List.of("category", "item", "customization_key", "customization_value"), view.sources());
  }

  @Test
  void seedMenuListsMilkValuesInSortOrderThenName() {
    JsonNode indexes = view.compute(Seed.collections()).get("indexes");

    assertEquals(List.of("Havre", "Hel", "Laktosefri"), names(indexes.path("customizations_by_key").path("1")));
    assertEquals(List.of("Liten"), names(indexes.path("customizations_by_key").path("2")));
    assertEquals(List.of("Havre", "Hel", "Laktosefri", "Liten"), names(indexes.path("customization_values")));
    assertEquals(List.of("Melk", "Kopp"), names(indexes.path("customization_keys")));
  }

  @Test
  void seedMenuGroupsItemsByCategoryAndNamesTheirCategory() {
    ObjectNode menu = view.compute(Seed.collections());
    JsonNode indexes = menu.get("indexes");

    assertEquals(List.of("1"), fieldNames(indexes.path("items_by_category")));
    assertEquals(List.of("Cortado"), names(indexes.path("items_by_category").path("1")));
    assertEquals("Varm drikke", indexes.path("items").path(0).path("category_name").asText());
    assertEquals(List.of("Varm drikke"), names(indexes.path("categories")));
    assertEquals(indexes.get("categories"), menu.get("tree"));
  }

  @Test
  void everyCategoryAndKeyHasAnEntryEvenWithoutChildren() {
    Map<String, List<ObjectNode>> collections = Seed.collections();
    collections.get("category").add(Seed.object("{\"id\":2,\"name\":\"Kald drikke\",\"sort_order\":2,\"enable\":true}"));
    collections.get("customization_key").add(Seed.object("{\"id\":3,\"name\":\"Smak\",\"enable\":true,\"sort_order\":2}"));

    JsonNode indexes = view.compute(collections).get("indexes");

    assertEquals(List.of("1", "2"), fieldNames(indexes.path("items_by_category")));
    assertTrue(indexes.path("items_by_category").path("2").isArray());
    assertTrue(indexes.path("items_by_category").path("2").isEmpty());
    assertEquals(List.of("1", "3", "2"), fieldNames(indexes.path("customizations_by_key")));
    assertTrue(indexes.path("customizations_by_key").path("3").isEmpty());
  }

  @Test
  void anItemWhoseCategoryIsGoneHasNoCategoryName() {
    Map<String, List<ObjectNode>> collections = Seed.collections();
    collections.get("item").add(Seed.object("{\"id\":2,\"name\":\"Te\",\"price_nok\":5,\"category_id\":9,\"sort_order\":1}"));

    JsonNode items = view.compute(collections).path("indexes").path("items");

    assertEquals(List.of("Cortado", "Te"), names(items));
    assertTrue(items.path(1).get("category_name").isNull());
  }

  @Test
  void leavesTheCollectionsOwnRecordsAlone() {
    Map<String, List<ObjectNode>> collections = Seed.collections();

    view.compute(collections);

    assertFalse(collections.get("item").get(0).has("category_name"));
  }

  @Test
  void emptyCollectionsGiveAnEmptyMenu() {
    Map<String, List<ObjectNode>> empty =
        Map.of("category", List.of(), "item", List.of(), "customization_key", List.of(), "customization_value", List.of());

    ObjectNode menu = view.compute(empty);

    assertEquals(
        Seed.parse("{\"tree\":[],\"indexes\":{\"categories\":[],\"items\":[],\"items_by_category\":{},"
            + "\"customization_keys\":[],\"customization_values\":[],\"customizations_by_key\":{}}}"),
        menu);
  }

  private static List<String> names(JsonNode records) {
    List<String> names = new ArrayList<>();
    records.forEach(record -> names.add(record.path("name").asText()));
    return names;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
