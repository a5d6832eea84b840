package dev.kanal.persistence.collection;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.CollectionSerializable;

/**
 * What the journal holds for a collection, one event per change. {@code confirmed} is the highest
 * {@code seq} the topic had acknowledged when the event was written: delivery confirmations ride
 * on the next change instead of costing a journal write of their own.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CollectionEvent.Created.class, name = "created"),
  @JsonSubTypes.Type(value = CollectionEvent.Updated.class, name = "updated"),
  @JsonSubTypes.Type(value = CollectionEvent.Deleted.class, name = "deleted")
})
public sealed interface CollectionEvent extends CollectionSerializable {
  long seq();

  long confirmed();

  record Created(long seq, ObjectNode record, long confirmed) implements CollectionEvent {}

  record Updated(long seq, ObjectNode record, long confirmed) implements CollectionEvent {}

  record Deleted(long seq, JsonNode id, long confirmed) implements CollectionEvent {}
}
