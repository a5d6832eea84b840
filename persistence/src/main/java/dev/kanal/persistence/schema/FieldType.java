package dev.kanal.persistence.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The type of a collection field. {@link #cast} accepts a value of the type and, as Ecto's cast does,
 * the same value spelled as a string (query parameters and multipart bodies are strings).
 */
public enum FieldType {
  STRING("a string"),
  INTEGER("an integer"),
  NUMBER("a number"),
  BOOLEAN("a boolean"),
  OBJECT("an object"),
  ARRAY("an array"),
  DATETIME("an ISO-8601 date-time");

  /** Refuses text after the value, so that "[1,2] x" is not an array. */
  private static final ObjectReader JSON =
      new ObjectMapper().readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String description;

  FieldType(String description) {
    this.description = description;
  }

  public static FieldType named(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown field type \"" + name + "\": use string, integer, number, boolean, object, array or datetime", e);
    }
  }

  /** The error message for a value of another type. */
  public String mismatch() {
    return "must be " + description;
  }

  /** The value as this type, or empty when it is not one; never called with JSON null. */
  public Optional<JsonNode> cast(JsonNode value) {
    switch (this) {
      case STRING:
        return value.isTextual() ? Optional.of(value) : Optional.empty();
      case INTEGER:
        return integer(value);
      case NUMBER:
        return number(value);
      case BOOLEAN:
        return bool(value);
      case OBJECT:
        return structure(value, JsonNode::isObject);
      case ARRAY:
        return structure(value, JsonNode::isArray);
      default:
        return value.isTextual() ? datetime(value.textValue()).map(TextNode::valueOf) : Optional.empty();
    }
  }

  private static Optional<JsonNode> integer(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return Optional.of(LongNode.valueOf(value.longValue()));
    }
    if (value.isTextual()) {
      try {
        return Optional.of(LongNode.valueOf(Long.parseLong(value.textValue().trim())));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> number(JsonNode value) {
    if (value.isIntegralNumber()) {
      return integer(value).or(() -> Optional.of(value));
    }
    if (value.isNumber()) {
      return Optional.of(value);
    }
    if (value.isTextual()) {
      try {
        BigDecimal parsed = new BigDecimal(value.textValue().trim());
        return Optional.of(
            parsed.scale() <= 0 && parsed.precision() - parsed.scale() < 19
                ? LongNode.valueOf(parsed.longValueExact())
                : DecimalNode.valueOf(parsed));
      } catch (NumberFormatException | ArithmeticException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> bool(JsonNode value) {
    if (value.isBoolean()) {
      return Optional.of(value);
    }
    if (value.isTextual()) {
      String text = value.textValue().trim();
      if (text.equals("true") || text.equals("false")) {
        return Optional.of(BooleanNode.valueOf(text.equals("true")));
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonNode> structure(JsonNode value, java.util.function.Predicate<JsonNode> shape) {
    if (shape.test(value)) {
      return Optional.of(value);
    }
    if (value.isTextual()) {
      try {
        JsonNode parsed = JSON.readValue(value.textValue());
        return parsed != null && shape.test(parsed) ? Optional.of(parsed) : Optional.empty();
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Reads an ISO-8601 date-time (with offset, or without one meaning UTC) or a date (its start, UTC)
   * into the one spelling records keep: {@link Instant#toString()}.
   */
  public static Optional<String> datetime(String text) {
    return instant(text).map(Instant::toString);
  }

  /** Reads the spellings {@link #datetime} accepts as an instant. */
  public static Optional<Instant> instant(String text) {
    String trimmed = text.trim();
    try {
      return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return Optional.of(LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notLocal) {
        try {
          return Optional.of(LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
          return Optional.empty();
        }
      }
    }
  }
}
