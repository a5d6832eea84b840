package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@code collection:} channel adds: the filter in the join, and after a reconnect
 * {@code since} the last {@code seq} seen, so the app gets exactly what it missed; changes at or
 * below that {@code seq} are dropped, so none arrives twice.
 */
final class CollectionFollower implements Channel.JoinHooks {
  private final Map<String, ?> filter;
  private final Consumer<CollectionEvent> events;
  private long lastSeq = -1;

  CollectionFollower(Map<String, ?> filter, Consumer<CollectionEvent> events) {
    this.filter = Map.copyOf(filter);
    this.events = events;
  }

  @Override
  public ObjectNode payload(ObjectNode base) {
    ObjectNode options = base.putObject("options");
    filter.forEach((field, value) -> options.set(field, Json.MAPPER.valueToTree(value)));
    if (lastSeq >= 0) {
      options.put("since", lastSeq);
    }
    return base;
  }

  @Override
  public void joined(JsonNode response) {
    if (response.has("changes")) {
      response.get("changes").forEach(this::change);
      lastSeq = Math.max(lastSeq, response.path("seq").asLong(lastSeq));
      return;
    }
    List<ObjectNode> records = new ArrayList<>();
    response.path("items").forEach(item -> {
      if (item.isObject()) {
        records.add((ObjectNode) item);
      }
    });
    lastSeq = response.path("seq").asLong(-1);
    events.accept(new CollectionEvent.Items(records, lastSeq));
  }

  @Override
  public boolean handles(Message message) {
    if (!message.event().equals("change") || !(message.payload() instanceof Payload.Json json)) {
      return false;
    }
    change(json.value());
    return true;
  }

  private void change(JsonNode change) {
    long seq = change.path("seq").asLong(-1);
    if (seq <= lastSeq) {
      return;
    }
    lastSeq = seq;
    JsonNode record = change.path("record");
    switch (change.path("action").asText()) {
      case "create" -> events.accept(new CollectionEvent.Created((ObjectNode) record, seq));
      case "update" -> events.accept(new CollectionEvent.Updated((ObjectNode) record, seq));
      case "delete" -> events.accept(new CollectionEvent.Deleted(record.path("id"), seq));
      default -> { }
    }
  }
}
