package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.schema.FieldType;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which records a subscriber or a list wants. Built by {@link FilterParser}, which has already cast
 * every value to its field's type, so {@link #test} only reads and compares: it runs for every
 * subscriber on every change.
 *
 * <p>A record whose field is null, absent or of another type is unequal to every value and in no
 * order: of the comparisons, lists and {@link Contains}, it matches only {@code neq} and a negated
 * {@link In}.
 */
public sealed interface Filter {
  /** Matches every record. */
  Filter ALL = new And(List.of());

  /** Whether the record (its {@code id}, declared fields and timestamps) matches. */
  boolean test(ObjectNode record);

  /** {@code field op value}, the value of the field's type. */
  record Compare(String field, Op op, FieldValue value) implements Filter {
    public Compare {
      if (!op.appliesTo(value.type())) {
        throw new IllegalArgumentException(op + " does not apply to " + value.type() + " field " + field);
      }
    }

    @Override
    public boolean test(ObjectNode record) {
      Optional<FieldValue> actual = FieldValue.of(value.type(), record.get(field));
      return actual.isPresent() ? op.holds(actual.get(), value) : op == Op.NEQ;
    }
  }

  /** The field's value is one of the values, or with {@code negated} none of them. */
  record In(String field, FieldType type, Set<FieldValue> values, boolean negated) implements Filter {
    public In {
      for (FieldValue value : values) {
        if (value.type() != type) {
          throw new IllegalArgumentException("value " + value + " of " + field + " is not of type " + type);
        }
      }
      values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    @Override
    public boolean test(ObjectNode record) {
      return FieldValue.of(type, record.get(field)).map(values::contains).orElse(false) != negated;
    }
  }

  /**
   * A string field holds the text, or an array field the element (numbers compared by value).
   */
  record Contains(String field, JsonNode value) implements Filter {
    @Override
    public boolean test(ObjectNode record) {
      JsonNode actual = record.get(field);
      if (actual == null) {
        return false;
      }
      if (actual.isTextual()) {
        return value.isTextual() && actual.textValue().contains(value.textValue());
      }
      if (actual.isArray()) {
        for (JsonNode element : actual) {
          if (FieldValue.sameJson(element, value)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** The field is null or absent, or with {@code negated} holds a value. */
  record IsNull(String field, boolean negated) implements Filter {
    @Override
    public boolean test(ObjectNode record) {
      JsonNode actual = record.get(field);
      return (actual == null || actual.isNull()) != negated;
    }
  }

  /** Every filter matches; with none, every record does. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean test(ObjectNode record) {
      for (Filter filter : filters) {
        if (!filter.test(record)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Some filter matches; with none, no record does. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean test(ObjectNode record) {
      for (Filter filter : filters) {
        if (filter.test(record)) {
          return true;
        }
      }
      return false;
    }
  }
}
