package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.schema.FieldType;

/**
 * One key of a list's order: a field of a type with an order (not an object or an array), ascending
 * with records that hold no value of the type first, or descending with them last.
 */
public record SortKey(String field, boolean descending, FieldType type) {
  public SortKey {
    if (!FieldValue.sortable(type)) {
      throw new IllegalArgumentException(field + " is of type " + type + ", which has no order");
    }
  }

  /** The record's value, or null when it holds none of the type. */
  FieldValue valueIn(ObjectNode record) {
    return FieldValue.of(type, record.get(field)).orElse(null);
  }

  /** Orders two values {@link #valueIn} read, in this key's direction. */
  int compare(FieldValue a, FieldValue b) {
    return descending ? ascending(b, a) : ascending(a, b);
  }

  private static int ascending(FieldValue a, FieldValue b) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
