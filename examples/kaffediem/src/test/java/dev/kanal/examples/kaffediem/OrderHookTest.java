package dev.kanal.examples.kaffediem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.spi.CollectionReader;
import dev.kanal.persistence.spi.HookRejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OrderHookTest {
  /** The body the frontend posted in the captured test run (CONTRACT.md §6). */
  private static final String FRONTEND_BODY =
      "{\"customer_id\":1,\"items\":[{\"item\":1,\"customizations\":[{\"key\":1,\"value\":[2]},{\"key\":2,\"value\":[4]}]}],"
          + "\"state\":\"received\",\"missing_information\":false}";

  private final OrderHook hook = new OrderHook();
  private final CollectionReader seed = Seed.reader(Seed.collections());

  @Test
  void aNewOrderStoresASnapshotOfTheMenu() {
    ObjectNode order = prepare(FRONTEND_BODY);

    assertEquals(
        Seed.parse("[{\"item_id\":1,\"name\":\"Cortado\",\"price\":10,\"category\":\"Varm drikke\",\"customizations\":["
            + "{\"key_id\":1,\"key_name\":\"Melk\",\"value_id\":2,\"value_name\":\"Hel\",\"price_change\":0,\"label_color\":\"#6fa2db\"},"
            + "{\"key_id\":2,\"key_name\":\"Kopp\",\"value_id\":4,\"value_name\":\"Liten\",\"price_change\":10,\"label_color\":\"#ff00ff\"}]}]"),
        order.get("items"));
    assertEquals(1, order.get("customer_id").intValue());
    assertEquals("received", order.get("state").textValue());
    assertEquals(false, order.get("missing_information").booleanValue());
    UUID.fromString(order.get("uuid").textValue());
  }

  @Test
  void everySelectedValueIsOneEntryInSelectionOrder() {
    ObjectNode order = prepare(
        "{\"items\":[{\"item\":1,\"customizations\":[{\"key\":1,\"value\":[3,1]}]},{\"item\":1}]}");

    JsonNode first = order.path("items").path(0).path("customizations");
    assertEquals(List.of("Laktosefri", "Havre"), List.of(first.path(0).path("value_name").asText(), first.path(1).path("value_name").asText()));
    assertTrue(order.path("items").path(1).path("customizations").isEmpty());
  }

  @Test
  void refusesAnOrderWithoutItems() {
    assertEquals(Set.of("items"), rejected("{\"customer_id\":1,\"items\":[]}").keySet());
    assertEquals(Set.of("items"), rejected("{\"customer_id\":1}").keySet());
    assertEquals(Set.of("items"), rejected("{\"customer_id\":1,\"items\":{\"item\":1}}").keySet());
  }

  @Test
  void refusesUnknownIds() {
    assertEquals(Set.of("items[0].item"), rejected("{\"items\":[{\"item\":99}]}").keySet());
    assertEquals(
        Set.of("items[0].customizations[0].key", "items[0].customizations[1].value"),
        rejected("{\"items\":[{\"item\":1,\"customizations\":[{\"key\":9,\"value\":[2]},{\"key\":2,\"value\":[77]}]}]}").keySet());
  }

  @Test
  void refusesAValueOfAnotherKey() {
    assertEquals(
        Set.of("items[0].customizations[0].value"),
        rejected("{\"items\":[{\"item\":1,\"customizations\":[{\"key\":2,\"value\":[1]}]}]}").keySet());
  }

  @Test
  void anUpdatePassesThroughUntouched() {
    ObjectNode existing = prepare(FRONTEND_BODY);
    ObjectNode patch = Seed.object("{\"state\":\"production\"}");

    assertSame(patch, hook.prepare(patch, existing, seed).toCompletableFuture().join());
  }

  @Test
  void theFirstOrderOfADayIs101() {
    assertEquals(101, hook.complete(order("2025-11-23T08:21:40.000Z"), List.of()).get("day_id").longValue());
  }

  @Test
  void laterOrdersTakeTheNextNumberOfTheirDay() {
    List<ObjectNode> existing = List.of(
        stored(1, 101, "2025-11-23T00:00:00Z"), stored(2, 103, "2025-11-23T12:00:00Z"), stored(3, 102, "2025-11-23T13:00:00Z"));

    ObjectNode completed = hook.complete(order("2025-11-23T23:59:59.999Z"), existing);

    assertEquals(104, completed.get("day_id").longValue());
  }

  @Test
  void aNewUtcDayStartsAgainAt101() {
    List<ObjectNode> yesterday = List.of(stored(1, 101, "2025-11-22T10:00:00Z"), stored(2, 140, "2025-11-22T23:59:59.999Z"));

    assertEquals(101, hook.complete(order("2025-11-23T00:00:00.000Z"), yesterday).get("day_id").longValue());
  }

  @Test
  void completeLeavesItsInputAlone() {
    ObjectNode record = order("2025-11-23T08:21:40.000Z");

    hook.complete(record, List.of());

    assertTrue(record.path("day_id").isNull());
  }

  @Test
  void aStoredNewOrderNotifiesTheAdmins() {
    List<String> published = new ArrayList<>();
    ObjectNode order = stored(7, 105, "2025-11-23T08:21:40.123Z");

    hook.stored(new Change("order", 7, Change.Action.CREATE, LongNode.valueOf(7), null, order),
        (topic, event, payload) -> published.add(topic + " " + event + " " + payload));

    assertEquals(
        List.of("notifications:admin new_order "
            + "{\"order_id\":7,\"day_id\":105,\"message\":\"New order 105\",\"timestamp\":\"2025-11-23T08:21:40.123Z\"}"),
        published);
  }

  @Test
  void updatesAndDeletesNotifyNoOne() {
    List<String> published = new ArrayList<>();
    ObjectNode order = stored(7, 105, "2025-11-23T08:21:40.123Z");

    hook.stored(new Change("order", 8, Change.Action.UPDATE, LongNode.valueOf(7), order, order),
        (topic, event, payload) -> published.add(event));
    hook.stored(new Change("order", 9, Change.Action.DELETE, LongNode.valueOf(7), order, null),
        (topic, event, payload) -> published.add(event));

    assertTrue(published.isEmpty());
  }

  private ObjectNode prepare(String body) {
    return hook.prepare(Seed.object(body), null, seed).toCompletableFuture().join();
  }

  private Map<String, List<String>> rejected(String body) {
    CompletionException failure = assertThrows(
        CompletionException.class, () -> hook.prepare(Seed.object(body), null, seed).toCompletableFuture().join());
    return assertInstanceOf(HookRejection.class, failure.getCause()).errors().byField();
  }

  /** A record as the collection hands it to {@code complete}: validated fields, no day_id yet. */
  private static ObjectNode order(String insertedAt) {
    ObjectNode order = Seed.object("{\"id\":9,\"state\":\"received\",\"day_id\":null}");
    order.put("inserted_at", insertedAt);
    order.put("updated_at", insertedAt);
    return order;
  }

  private static ObjectNode stored(long id, long dayId, String insertedAt) {
    ObjectNode order = order(insertedAt);
    order.put("id", id);
    order.put("day_id", dayId);
    return order;
  }
}
