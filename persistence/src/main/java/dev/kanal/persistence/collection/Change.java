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

  /** The change as a subscriber with {@code filter} sees it, or null when it sees nothing. */
  public Change seenThrough(Filter filter) {
    return switch (ChangeView.of(this, filter)) {
      case AS_IS -> this;
      case DELETE -> asDeletion();
      case SKIP -> null;
    };
  }

  /** The same change as a delete of the record, for a subscriber whose filter the record left. */
  public Change asDeletion() {
    return action == Action.DELETE ? this : new Change(collection, seq, Action.DELETE, id, before, null);
  }

  /** {@code {"id": id}}. */
  public ObjectNode idOnly() {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.set(CollectionSchema.ID, id);
    return record;
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
