package dev.kanal.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Metas and JSON objects for presence tests. */
final class TestMetas {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestMetas() {}

  static ObjectNode meta(String ref, String status) {
    return MAPPER.createObjectNode().put(Metas.PHX_REF, ref).put("status", status);
  }

  /** The meta that replaces the one with {@code previousRef}, as a caller builds it for an update. */
  static ObjectNode update(String ref, String previousRef, String status) {
    return MAPPER.createObjectNode().put(Metas.PHX_REF, ref).put(Metas.PHX_REF_PREV, previousRef).put("status", status);
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
