package dev.kanal.server.topic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Presence JSON as Phoenix shapes it, built by hand for exact comparisons in tests. */
final class PresenceJson {
  private PresenceJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A tracked meta: {@code {"device":"d-<ref>","phx_ref":ref}}. */
  static ObjectNode meta(String ref) {
    return object().put("device", "d-" + ref).put("phx_ref", ref);
  }

  /** An update of the meta {@code previousRef}: a new ref naming the old one in {@code phx_ref_prev}. */
  static ObjectNode update(String ref, String previousRef) {
    return meta(ref).put("phx_ref_prev", previousRef);
  }

  /**
   * {@code {key: {"metas": [meta, …]}}} from alternating keys and metas; a repeated key collects its
   * metas in the order given.
   */
  static ObjectNode byKey(Object... keysAndMetas) {
    if (keysAndMetas.length % 2 != 0) {
      throw new IllegalArgumentException("keys and metas come in pairs");
    }
    ObjectNode json = object();
    for (int i = 0; i < keysAndMetas.length; i += 2) {
      String key = (String) keysAndMetas[i];
      ArrayNode metas = json.has(key) ? (ArrayNode) json.get(key).get("metas") : json.putObject(key).putArray("metas");
      metas.add((ObjectNode) keysAndMetas[i + 1]);
    }
    return json;
  }

  /** {@code {"joins": joins, "leaves": leaves}}, the payload of {@code presence_diff}. */
  static ObjectNode diff(ObjectNode joins, ObjectNode leaves) {
    ObjectNode json = object();
    json.set("joins", joins);
    json.set("leaves", leaves);
    return json;
  }
}
