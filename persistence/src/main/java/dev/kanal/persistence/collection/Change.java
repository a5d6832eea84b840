package dev.kanal.persistence.collection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.CollectionSerializable;
import dev.kanal.persistence.filter.Filter;
import dev.kanal.persistence.schema.CollectionSchema;

/**
 * One change to a collection, numbered by the collection's {@code seq}. It keeps the record as it
 * was ({@code before}) and as it is ({@code after}) so that each subscriber's filter can tell
 * whether the change moved a record into or out of its view.
 */
public record Change(String collection, long seq, Action action, JsonNode id, ObjectNode before, ObjectNode after)
    implements CollectionSerializable {

  /** The {@code change} event's payload as it is: {@code {"action","record","seq"}}. */
  public ObjectNode payload() {
    return action == Action.DELETE ? deletion() : payload(action, after);
  }

  /** The payload a subscriber sees for this change through {@code filter}, or null when it sees nothing. */
  public ObjectNode payloadFor(Filter filter) {
    return switch (ChangeView.of(this, filter)) {
      case AS_IS -> payload();
      case DELETE -> deletion();
      case SKIP -> null;
    };
  }

  /** A delete's payload: its record names only the id. */
  public ObjectNode deletion() {
    return payload(Action.DELETE, idOnly());
  }

  /** {@code {"id": id}}. */
  public ObjectNode idOnly() {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.set(CollectionSchema.ID, id);
    return record;
  }

  private ObjectNode payload(Action as, ObjectNode record) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("action", as.wireName());
    payload.set("record", record);
    payload.put("seq", seq);
    return payload;
  }

  /** What was done to the record. */
  public enum Action {
    CREATE,
    UPDATE,
    DELETE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
