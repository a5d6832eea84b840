package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldErrors;
import dev.kanal.persistence.schema.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the conditions of one parse, whichever spelling they came in: looks up each field's type,
 * casts each value to it and collects what is wrong, so that one 422 lists every unknown field and
 * bad value. A condition that failed is stood in for by {@link Filter#ALL}; {@link #check()} throws
 * before any such filter is handed out.
 */
final class Conditions {
  private final CollectionSchema schema;
  private final FieldErrors.Builder errors = new FieldErrors.Builder();
  private final Set<String> sentences = new LinkedHashSet<>();

  Conditions(CollectionSchema schema) {
    this.schema = schema;
  }

  /** The field's type; an unknown field is reported, as met in {@code where} ("filter", "sort"). */
  Optional<FieldType> typeOf(String field, String where) {
    Optional<FieldType> type = schema.typeOf(field);
    if (type.isEmpty()) {
      report(field, "is not a field of " + schema.name(), "unknown field \"" + field + "\" in " + where);
    }
    return type;
  }

  /** Whether the collection has the field, reporting nothing. */
  boolean has(String field) {
    return schema.typeOf(field).isPresent();
  }

  Filter compare(String field, Op op, JsonNode raw) {
    Optional<FieldType> type = typeOf(field, "filter");
    if (type.isEmpty()) {
      return Filter.ALL;
    }
    if (raw.isNull()) {
      // As in Directus: equality with null asks whether the field is null.
      return switch (op) {
        case EQ -> new Filter.IsNull(field, false);
        case NEQ -> new Filter.IsNull(field, true);
        default -> reject(field, "can't be compared with null");
      };
    }
    if (!op.appliesTo(type.get())) {
      return reject(field, "can only be compared for equality");
    }
    return cast(field, type.get(), raw).<Filter>map(value -> new Filter.Compare(field, op, value)).orElse(Filter.ALL);
  }

  Filter in(String field, List<JsonNode> raws, boolean negated) {
    Optional<FieldType> type = typeOf(field, "filter");
    if (type.isEmpty()) {
      return Filter.ALL;
    }
    Set<FieldValue> values = new LinkedHashSet<>();
    for (JsonNode raw : raws) {
      if (raw.isNull()) {
        reject(field, "can't be compared with null");
      } else {
        cast(field, type.get(), raw).ifPresent(values::add);
      }
    }
    return new Filter.In(field, type.get(), values, negated);
  }

  Filter contains(String field, JsonNode raw) {
    Optional<FieldType> type = typeOf(field, "filter");
    if (type.isEmpty()) {
      return Filter.ALL;
    }
    if (raw.isNull()) {
      return reject(field, "can't be compared with null");
    }
    if (type.get() == FieldType.ARRAY) {
      return new Filter.Contains(field, raw);
    }
    if (type.get() != FieldType.STRING) {
      return reject(field, "is neither a string nor an array, so contains does not apply");
    }
    Optional<JsonNode> text = FieldType.STRING.cast(raw);
    return text.<Filter>map(node -> new Filter.Contains(field, node))
        .orElseGet(() -> reject(field, FieldType.STRING.mismatch()));
  }

  Filter isNull(String field, boolean negated) {
    return typeOf(field, "filter").isEmpty() ? Filter.ALL : new Filter.IsNull(field, negated);
  }

  private Optional<FieldValue> cast(String field, FieldType type, JsonNode raw) {
    Optional<FieldValue> value = type.cast(raw).flatMap(node -> FieldValue.of(type, node));
    if (value.isEmpty()) {
      reject(field, type.mismatch());
    }
    return value;
  }

  /** Reports {@code field message} and stands in for the condition that failed. */
  Filter reject(String field, String message) {
    report(field, message, field + " " + message);
    return Filter.ALL;
  }

  private void report(String field, String message, String sentence) {
    if (sentences.add(sentence)) {
      errors.add(field, message);
    }
  }

  /** Throws what was reported, if anything was. */
  void check() {
    if (!errors.isEmpty()) {
      throw InvalidFilter.invalid(String.join("; ", sentences), errors.build());
    }
  }

  /** All of the filters, without nesting an {@link Filter.And} in another or wrapping a single one. */
  static Filter and(List<Filter> filters) {
    List<Filter> flat = new ArrayList<>();
    for (Filter filter : filters) {
      if (filter instanceof Filter.And and) {
        flat.addAll(and.filters());
      } else {
        flat.add(filter);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new Filter.And(flat);
  }

  /** Any of the filters, without nesting an {@link Filter.Or} in another or wrapping a single one. */
  static Filter or(List<Filter> filters) {
    List<Filter> flat = new ArrayList<>();
    for (Filter filter : filters) {
      if (filter instanceof Filter.Or or) {
        flat.addAll(or.filters());
      } else {
        flat.add(filter);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new Filter.Or(flat);
  }
}
