package dev.kanal.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The body of a message: any JSON value, or raw bytes carried by a V2 binary frame.
 *
 * <p>The type annotations let cluster messages carry a payload with a closed set of names, never
 * class names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Payload.Json.class, name = "json"),
  @JsonSubTypes.Type(value = Payload.Binary.class, name = "binary")
})
public sealed interface Payload permits Payload.Json, Payload.Binary {

  /** The empty JSON object, Phoenix's default payload. */
  Payload EMPTY = new Json(JsonNodeFactory.instance.objectNode());

  static Payload json(JsonNode value) {
    return new Json(value);
  }

  static Payload binary(byte[] bytes) {
    return new Binary(bytes);
  }

  /** A JSON value; {@code null} JSON is a {@code NullNode}, never a Java null. */
  record Json(JsonNode value) implements Payload {
    public Json {
      if (value == null) {
        value = JsonNodeFactory.instance.nullNode();
      }
    }
  }

  /** Opaque bytes, as a V2 binary frame carries them. */
  record Binary(Bytes bytes) implements Payload {
    public Binary(byte[] bytes) {
      this(Bytes.copyOf(bytes));
    }
  }
}
