package dev.kanal.server.channel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;

/**
 * The {@code change} event of a {@code collection:} channel: {@code {"action","record","seq"}}, where
 * a delete's record names only the id. Its shape is part of the contract (SPEC §5).
 */
public final class ChangeEvent {
  /** The event collection subscribers receive. */
  public static final String EVENT = "change";

  private ChangeEvent() {}

  public static ObjectNode payload(Change change) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("action", change.action().wireName());
    payload.set("record", change.action() == Change.Action.DELETE ? change.idOnly() : change.after());
    payload.put("seq", change.seq());
    return payload;
  }
}
