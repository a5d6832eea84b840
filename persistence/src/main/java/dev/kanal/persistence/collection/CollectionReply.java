package dev.kanal.persistence.collection;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.CollectionSerializable;
import dev.kanal.persistence.schema.FieldErrors;
import java.util.List;

/** A collection entity's answers. */
public final class CollectionReply {
  private CollectionReply() {}

  /** The answer to a create, update or delete. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Written.class, name = "written"),
    @JsonSubTypes.Type(value = Invalid.class, name = "invalid"),
    @JsonSubTypes.Type(value = NotFound.class, name = "not-found")
  })
  public sealed interface Write extends CollectionSerializable {}

  /**
   * Stored. {@code delivered} tells whether the topic confirmed the change before the answer; when
   * it did not in time, the change is still published again until it is.
   */
  public record Written(ObjectNode record, long seq, boolean delivered) implements Write {}

  public record Invalid(FieldErrors errors) implements Write, Read, Imported {}

  public record NotFound() implements Write, Read {}

  /** The answer to a read. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Found.class, name = "found"),
    @JsonSubTypes.Type(value = Items.class, name = "items"),
    @JsonSubTypes.Type(value = Changes.class, name = "changes"),
    @JsonSubTypes.Type(value = BadQuery.class, name = "bad-query"),
    @JsonSubTypes.Type(value = Invalid.class, name = "invalid"),
    @JsonSubTypes.Type(value = NotFound.class, name = "not-found")
  })
  public sealed interface Read extends CollectionSerializable {}

  public record Found(ObjectNode record) implements Read {}

  /** The matching records and the {@code seq} they are current at. */
  public record Items(List<ObjectNode> items, long seq) implements Read {}

  /** The changes a joiner missed since its {@code since}, as its filter sees them. */
  public record Changes(List<Change> changes, long seq) implements Read {}

  /** A query whose shape is wrong (400), with a sentence saying why. */
  public record BadQuery(String message) implements Read {}

  /** The answer to an import. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ImportDone.class, name = "done"),
    @JsonSubTypes.Type(value = Invalid.class, name = "invalid")
  })
  public sealed interface Imported extends CollectionSerializable {}

  /** {@code count} records loaded; zero when the collection already had changes. */
  public record ImportDone(int count) implements Imported {}
}
