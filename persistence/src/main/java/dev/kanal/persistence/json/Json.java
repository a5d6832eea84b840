package dev.kanal.persistence.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.stream.Collectors;

/** The JSON helpers collections share. */
public final class Json {
  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** A config value (a HOCON scalar, list or object) as JSON. */
  public static JsonNode fromConfig(ConfigValue value) {
    return MAPPER.valueToTree(value.unwrapped());
  }

  /** Values for a message: {@code a, b, c} with strings unquoted. */
  public static String list(List<JsonNode> values) {
    return values.stream().map(v -> v.isTextual() ? v.textValue() : v.toString()).collect(Collectors.joining(", "));
  }
}
