package dev.kanal.persistence.filter;

import dev.kanal.persistence.schema.FieldType;

/** A comparison between a record's field and a filter's value. */
public enum Op {
  EQ,
  NEQ,
  LT,
  LTE,
  GT,
  GTE;

  /**
   * Whether this operator makes sense on the type: equality on all of them, order only where the
   * spec gives one (booleans, objects and arrays have none).
   */
  public boolean appliesTo(FieldType type) {
    if (this == EQ || this == NEQ) {
      return true;
    }
    return type == FieldType.STRING
        || type == FieldType.INTEGER
        || type == FieldType.NUMBER
        || type == FieldType.DATETIME;
  }

  boolean holds(FieldValue actual, FieldValue expected) {
    return switch (this) {
      case EQ -> actual.equals(expected);
      case NEQ -> !actual.equals(expected);
      case LT -> actual.compareTo(expected) < 0;
      case LTE -> actual.compareTo(expected) <= 0;
      case GT -> actual.compareTo(expected) > 0;
      case GTE -> actual.compareTo(expected) >= 0;
    };
  }
}
