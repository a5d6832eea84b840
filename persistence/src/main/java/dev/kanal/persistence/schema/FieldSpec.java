package dev.kanal.persistence.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One declared field: its type, whether a write must give it, the value it takes when a create
 * leaves it out, and the values it may hold (empty: any value of the type).
 */
public record FieldSpec(String name, FieldType type, boolean required, Optional<JsonNode> defaultValue, List<JsonNode> allowed) {

  public FieldSpec {
    allowed = List.copyOf(allowed);
  }

  /** Whether {@code value} (already cast) is one of the allowed values; numbers compare by value. */
  public boolean allows(JsonNode value) {
    return allowed.isEmpty() || allowed.stream().anyMatch(candidate -> same(candidate, value));
  }

  private static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  public static FieldSpec of(String name, FieldType type) {
    return new FieldSpec(name, type, false, Optional.empty(), List.of());
  }
}
