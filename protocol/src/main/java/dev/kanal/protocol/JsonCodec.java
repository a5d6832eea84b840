package dev.kanal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** The JSON reading and writing shared by the JSON serializers. */
final class JsonCodec {
  /** Deeper documents are refused; no real client payload nests this far. */
  static final int MAX_NESTING_DEPTH = 128;

  static final ObjectMapper MAPPER = newMapper();

  private JsonCodec() {}

  private static ObjectMapper newMapper() {
    JsonMapper mapper = JsonMapper.builder().build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    return mapper;
  }

  /** Parses one JSON document, refusing trailing content. */
  static JsonNode parse(String text) throws IOException {
    try (JsonParser parser = MAPPER.createParser(text)) {
      return readSingle(parser);
    }
  }

  static JsonNode parse(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser parser = MAPPER.createParser(bytes, offset, length)) {
      return readSingle(parser);
    }
  }

  private static JsonNode readSingle(JsonParser parser) throws IOException {
    JsonNode node = MAPPER.readTree(parser);
    if (node == null || node.isMissingNode()) {
      throw new IOException("empty frame");
    }
    if (parser.nextToken() != null) {
      throw new IOException("trailing content after the JSON value");
    }
    return node;
  }

  /** Writes a JSON text with {@code body}; the generator is closed and flushed for the caller. */
  static String write(IoConsumer<JsonGenerator> body) {
    SegmentedStringWriter out = new SegmentedStringWriter(MAPPER.getFactory()._getBufferRecycler());
    try {
      try (JsonGenerator generator = MAPPER.createGenerator(out)) {
        body.accept(generator);
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
  }

  /** Writes a payload as JSON; binary bytes become a base64 string, the only way JSON carries them. */
  static void writePayload(JsonGenerator generator, Payload payload) throws IOException {
    if (payload instanceof Payload.Json json) {
      MAPPER.writeTree(generator, json.value());
    } else {
      generator.writeString(Base64.getEncoder().encodeToString(((Payload.Binary) payload).bytes().unsafeArray()));
    }
  }

  static void writeReplyPayload(JsonGenerator generator, Reply reply) throws IOException {
    generator.writeStartObject();
    generator.writeStringField("status", reply.status().wire());
    generator.writeFieldName("response");
    writePayload(generator, reply.response());
    generator.writeEndObject();
  }

  /** A ref on the wire: a string, a number (some clients send them) or null. */
  static String refOf(JsonNode node) throws IOException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    throw new IOException("a ref must be a string, an integer or null");
  }

  static String requiredText(JsonNode node, String name) throws IOException {
    if (node == null || !node.isTextual()) {
      throw new IOException(name + " must be a string");
    }
    return node.textValue();
  }

  @FunctionalInterface
  interface IoConsumer<T> {
    void accept(T value) throws IOException;
  }
}
