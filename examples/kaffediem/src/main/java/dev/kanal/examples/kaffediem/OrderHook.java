package dev.kanal.examples.kaffediem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.schema.FieldErrors;
import dev.kanal.persistence.spi.CollectionHook;
import dev.kanal.persistence.spi.CollectionReader;
import dev.kanal.persistence.spi.HookRejection;
import dev.kanal.persistence.spi.Notifier;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code order} collection's hook, doing what Kaffediem's own backend does when an order is placed:
 * <ul>
 *   <li>a new order's items, sent as ids, are stored as a snapshot of the menu (names, prices,
 *       colours) and the order gets a {@code uuid}; unknown ids are refused with a 422;
 *   <li>it takes the day's next {@code day_id}, the number called out at the counter: 101, 102, …
 *       restarting every UTC day;
 *   <li>once stored, it tells {@code notifications:admin} with a {@code new_order} event.
 * </ul>
 * Updates (the kitchen moving an order's {@code state} along) pass through untouched.
 */
public final class OrderHook implements CollectionHook {
  /** The first order of a day is number 101. */
  static final long DAY_ID_BASELINE = 100;
  static final String NOTIFICATION_TOPIC = "notifications:admin";

  @Override
  public CompletionStage<ObjectNode> prepare(ObjectNode body, ObjectNode existing, CollectionReader reader) {
    if (existing != null) {
      return CompletableFuture.completedFuture(body);
    }
    JsonNode items = body.get("items");
    if (items == null || !items.isArray() || items.isEmpty()) {
      return CompletableFuture.failedFuture(new HookRejection(FieldErrors.of("items", "must be a non-empty array")));
    }
    return Catalog.read(reader).thenApply(catalog -> {
      ObjectNode order = body.deepCopy();
      order.set("items", OrderItems.snapshot((ArrayNode) items, catalog));
      order.put("uuid", UUID.randomUUID().toString());
      return order;
    });
  }

  @Override
  public ObjectNode complete(ObjectNode record, Collection<ObjectNode> existing) {
    Optional<LocalDate> day = utcDay(record);
    long last = existing.stream()
        .filter(order -> day.isPresent() && day.equals(utcDay(order)))
        .map(order -> order.path("day_id"))
        .filter(JsonNode::canConvertToLong)
        .mapToLong(JsonNode::longValue)
        .max()
        .orElse(DAY_ID_BASELINE);
    ObjectNode completed = record.deepCopy();
    completed.put("day_id", last + 1);
    return completed;
  }

  @Override
  public void stored(Change change, Notifier notifier) {
    if (change.action() != Change.Action.CREATE) {
      return;
    }
    ObjectNode order = change.after();
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.set("order_id", change.id());
    payload.set("day_id", order.get("day_id"));
    payload.put("message", "New order " + order.path("day_id").asText());
    payload.set("timestamp", order.get("inserted_at"));
    notifier.publish(NOTIFICATION_TOPIC, "new_order", payload);
  }

  /**
   * The UTC day a record was inserted on. The server always writes {@code inserted_at}, but this runs
   * inside the collection's entity, where a throw would fail the write, so a bad value just counts
   * as no day.
   */
  private static Optional<LocalDate> utcDay(ObjectNode record) {
    JsonNode insertedAt = record.path("inserted_at");
    if (!insertedAt.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.ofInstant(Instant.parse(insertedAt.textValue()), ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
