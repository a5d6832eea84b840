package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a followed collection tells the app, each change once and in {@code seq} order. */
public sealed interface CollectionEvent {

  /** The records the filter matches, current at {@code seq}: on the first join, or after too long away. */
  record Items(List<ObjectNode> records, long seq) implements CollectionEvent {}

  record Created(ObjectNode record, long seq) implements CollectionEvent {}

  /** A record changed, or moved into the filter. */
  record Updated(ObjectNode record, long seq) implements CollectionEvent {}

  /** A record was deleted, or moved out of the filter. */
  record Deleted(JsonNode id, long seq) implements CollectionEvent {}
}
