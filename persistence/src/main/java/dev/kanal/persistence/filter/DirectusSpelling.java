package dev.kanal.persistence.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kanal.persistence.json.Json;
import dev.kanal.persistence.schema.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Directus spelling: {@code {"field":{"_eq":v}, "_or":[{…}, {…}]}}. The keys of an object all
 * hold (an AND), as do the operators under one field.
 */
final class DirectusSpelling {
  // Without this, Jackson stops after the first value and "{…} junk" would pass as a filter.
  private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DirectusSpelling() {}

  /** Reads a filter given as a JSON object, or as a string holding one (as in a query parameter). */
  static Filter parse(JsonNode filter, Conditions conditions) {
    JsonNode tree = filter.isTextual() ? read(filter.textValue()) : filter;
    if (!tree.isObject()) {
      throw InvalidFilter.malformed("filter must be a JSON object, such as {\"field\":{\"_eq\":1}}");
    }
    return group(tree, conditions);
  }

  private static JsonNode read(String text) {
    try {
      JsonNode tree = READER.readTree(text);
      // An empty string reads as no value at all.
      if (tree.isMissingNode()) {
        throw InvalidFilter.malformed("filter is empty: it must be a JSON object");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw InvalidFilter.malformed("filter is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static Filter group(JsonNode object, Conditions conditions) {
    List<Filter> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (key.equals("_and")) {
        parts.add(Conditions.and(members(key, value, conditions)));
      } else if (key.equals("_or")) {
        parts.add(Conditions.or(members(key, value, conditions)));
      } else if (key.startsWith("_") && !conditions.has(key)) {
        throw InvalidFilter.malformed(
            "unknown operator \"" + key + "\" in filter: only _and and _or may stand where a field name goes");
      } else {
        parts.add(field(key, value, conditions));
      }
    }
    return Conditions.and(parts);
  }

  private static List<Filter> members(String key, JsonNode value, Conditions conditions) {
    if (!value.isArray()) {
      throw InvalidFilter.malformed(key + " must be an array of filter objects");
    }
    List<Filter> members = new ArrayList<>();
    for (JsonNode member : value) {
      if (!member.isObject()) {
        throw InvalidFilter.malformed(key + " must be an array of filter objects, not hold " + member);
      }
      members.add(group(member, conditions));
    }
    return members;
  }

  private static Filter field(String field, JsonNode operators, Conditions conditions) {
    if (!operators.isObject() || operators.isEmpty()) {
      throw InvalidFilter.malformed(
          "filter on " + field + " must be an object of operators, such as {\"" + field + "\":{\"_eq\":1}}");
    }
    List<Filter> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : operators.properties()) {
      String operator = entry.getKey();
      JsonNode operand = entry.getValue();
      parts.add(
          switch (operator) {
            case "_eq", "_neq", "_lt", "_lte", "_gt", "_gte" -> conditions.compare(
                field, Op.valueOf(operator.substring(1).toUpperCase(Locale.ROOT)), operand);
            case "_in", "_nin" -> conditions.in(field, list(field, operator, operand), operator.equals("_nin"));
            case "_contains" -> conditions.contains(field, operand);
            case "_null" -> conditions.isNull(field, !truth(field, operator, operand));
            case "_nnull" -> conditions.isNull(field, truth(field, operator, operand));
            default -> throw InvalidFilter.malformed(
                "unknown operator \"" + operator + "\" on " + field
                    + ": use _eq, _neq, _lt, _lte, _gt, _gte, _in, _nin, _contains, _null or _nnull");
          });
    }
    return Conditions.and(parts);
  }

  private static List<JsonNode> list(String field, String operator, JsonNode operand) {
    if (!operand.isArray()) {
      throw InvalidFilter.malformed(operator + " on " + field + " must be an array of values");
    }
    List<JsonNode> values = new ArrayList<>();
    operand.forEach(values::add);
    return values;
  }

  private static boolean truth(String field, String operator, JsonNode operand) {
    return FieldType.BOOLEAN.cast(operand)
        .map(JsonNode::booleanValue)
        .orElseThrow(() -> InvalidFilter.malformed(operator + " on " + field + " must be true or false"));
  }
}
