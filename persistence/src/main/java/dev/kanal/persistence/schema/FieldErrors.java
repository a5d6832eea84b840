package dev.kanal.persistence.schema;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What is wrong with a write, per field: the body of a 422 answer. */
public record FieldErrors(Map<String, List<String>> byField) {

  public FieldErrors {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    byField.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
    byField = java.util.Collections.unmodifiableMap(copy);
  }

  public static FieldErrors of(String field, String message) {
    return new FieldErrors(Map.of(field, List.of(message)));
  }

  /** {@code {"errors":{"field":["message", …]}}}. */
  public ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode errors = body.putObject("errors");
    byField.forEach((field, messages) -> messages.forEach(errors.withArray(field)::add));
    return body;
  }

  /** Collects errors while a write is checked. */
  public static final class Builder {
    private final Map<String, List<String>> byField = new TreeMap<>();

    public Builder add(String field, String message) {
      byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
      return this;
    }

    public boolean isEmpty() {
      return byField.isEmpty();
    }

    public FieldErrors build() {
      return new FieldErrors(byField);
    }
  }
}
