package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.persistence.schema.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * A field's value in the form comparisons need: a decimal for integers and numbers (so both compare
 * numerically with each other), an instant for a date-time (its stored spelling, {@link
 * Instant#toString()}, varies in length, so text order would be wrong), the text of a string, the
 * boolean, or the node of an object or array. Filters build theirs once; a record's is built as the
 * filter runs, without casting.
 */
public final class FieldValue {
  /** Leaf equality for objects and arrays that, as everywhere else here, takes 1 and 1.0 as the same. */
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

  private final FieldType type;
  private final Object key;

  private FieldValue(FieldType type, Object key) {
    this.type = type;
    this.key = key;
  }

  /**
   * The value of a node already of the type (as {@link FieldType#cast} returns it, or as records
   * hold it); empty for a missing node, JSON null or a node of another type.
   */
  public static Optional<FieldValue> of(FieldType type, JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    Object key =
        switch (type) {
          case STRING -> node.isTextual() ? node.textValue() : null;
          case INTEGER, NUMBER -> decimal(node);
          case BOOLEAN -> node.isBoolean() ? node.booleanValue() : null;
          case OBJECT -> node.isObject() ? node : null;
          case ARRAY -> node.isArray() ? node : null;
          case DATETIME -> node.isTextual() ? FieldType.instant(node.textValue()).orElse(null) : null;
        };
    return Optional.ofNullable(key).map(k -> new FieldValue(type, k));
  }

  static FieldValue of(Instant instant) {
    return new FieldValue(FieldType.DATETIME, instant);
  }

  private static BigDecimal decimal(JsonNode node) {
    // NaN and the infinities have no decimal form; JSON cannot carry them, but a node built in code can.
    if (!node.isNumber() || ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue()))) {
      return null;
    }
    // Stripped, so that equals and hashCode agree with numeric order (5 and 5.00 are one value).
    return node.decimalValue().stripTrailingZeros();
  }

  public FieldType type() {
    return type;
  }

  /** Whether values of the type have an order to sort by: all but objects and arrays. */
  static boolean sortable(FieldType type) {
    return type != FieldType.OBJECT && type != FieldType.ARRAY;
  }

  /** Order between two values of one sortable type. */
  @SuppressWarnings("unchecked")
  int compareTo(FieldValue other) {
    if (!sortable(type)) {
      throw new IllegalStateException(type + " values have no order");
    }
    return ((Comparable<Object>) key).compareTo(other.key);
  }

  /** Whether JSON values are the same, numbers compared by value at any depth. */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals(NUMBERS_BY_VALUE, b);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof FieldValue value)) {
      return false;
    }
    if (key instanceof JsonNode node) {
      return value.key instanceof JsonNode otherNode && sameJson(node, otherNode);
    }
    return key.equals(value.key);
  }

  @Override
  public int hashCode() {
    // Nodes are equal across number spellings that Jackson hashes apart (1 and 1.0), so all objects
    // (and all arrays) share a hash; an in-list of them is short in practice.
    return key instanceof JsonNode ? type.ordinal() : key.hashCode();
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
