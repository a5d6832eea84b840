package dev.kanal.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The client side of presence as the official phoenix.js implements it: {@code Presence.syncState}
 * and {@code Presence.syncDiff} of phoenix.mjs, step by step, on Jackson trees. States are {@code
 * {key: {"metas": [...]}}}. Inputs are never changed: the server's state and diffs share their meta
 * nodes with the JSON handed here, where phoenix.js works on freshly parsed (or cloned) objects.
 */
final class PhoenixJsPresence {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PhoenixJsPresence() {}

  /** The client's state after a {@code presence_state} of {@code newState}. */
  static ObjectNode syncState(ObjectNode currentState, ObjectNode newState) {
    ObjectNode state = currentState.deepCopy();
    ObjectNode incoming = newState.deepCopy();
    ObjectNode joins = NODES.objectNode();
    ObjectNode leaves = NODES.objectNode();
    for (Map.Entry<String, JsonNode> presence : state.properties()) {
      if (!incoming.has(presence.getKey())) {
        leaves.set(presence.getKey(), presence.getValue());
      }
    }
    for (Map.Entry<String, JsonNode> entry : incoming.properties()) {
      String key = entry.getKey();
      ObjectNode newPresence = (ObjectNode) entry.getValue();
      JsonNode currentPresence = state.get(key);
      if (currentPresence == null) {
        joins.set(key, newPresence);
        continue;
      }
      List<JsonNode> newRefs = refs(newPresence);
      List<JsonNode> curRefs = refs(currentPresence);
      ArrayNode joinedMetas = metasWhere(newPresence, meta -> !curRefs.contains(ref(meta)));
      ArrayNode leftMetas = metasWhere(currentPresence, meta -> !newRefs.contains(ref(meta)));
      if (!joinedMetas.isEmpty()) {
        newPresence.set("metas", joinedMetas);
        joins.set(key, newPresence);
      }
      if (!leftMetas.isEmpty()) {
        ObjectNode left = currentPresence.deepCopy();
        left.set("metas", leftMetas);
        leaves.set(key, left);
      }
    }
    ObjectNode diff = NODES.objectNode();
    diff.set("joins", joins);
    diff.set("leaves", leaves);
    return syncDiff(state, diff);
  }

  /** The client's state after a {@code presence_diff} of {@code diff}: all joins, then all leaves. */
  static ObjectNode syncDiff(ObjectNode currentState, ObjectNode diff) {
    ObjectNode state = currentState.deepCopy();
    ObjectNode copy = diff.deepCopy();
    for (Map.Entry<String, JsonNode> entry : copy.path("joins").properties()) {
      String key = entry.getKey();
      JsonNode currentPresence = state.get(key);
      ObjectNode presence = (ObjectNode) entry.getValue();
      state.set(key, presence);
      if (currentPresence != null) {
        List<JsonNode> joinedRefs = refs(presence);
        ArrayNode curMetas = metasWhere(currentPresence, meta -> !joinedRefs.contains(ref(meta)));
        // JS unshift: the metas the client already had go before the joined ones.
        curMetas.addAll((ArrayNode) presence.get("metas"));
        presence.set("metas", curMetas);
      }
    }
    for (Map.Entry<String, JsonNode> entry : copy.path("leaves").properties()) {
      String key = entry.getKey();
      JsonNode currentPresence = state.get(key);
      if (currentPresence == null) {
        continue;
      }
      List<JsonNode> refsToRemove = refs(entry.getValue());
      ArrayNode remaining = metasWhere(currentPresence, meta -> !refsToRemove.contains(ref(meta)));
      ((ObjectNode) currentPresence).set("metas", remaining);
      if (remaining.isEmpty()) {
        state.remove(key);
      }
    }
    return state;
  }

  /** {@code m.phx_ref}, compared like JS {@code indexOf} does, missing refs included. */
  private static JsonNode ref(JsonNode meta) {
    return meta.path(Metas.PHX_REF);
  }

  private static List<JsonNode> refs(JsonNode presence) {
    List<JsonNode> refs = new ArrayList<>();
    presence.path("metas").forEach(meta -> refs.add(ref(meta)));
    return refs;
  }

  private static ArrayNode metasWhere(JsonNode presence, Predicate<JsonNode> keep) {
    ArrayNode kept = NODES.arrayNode();
    presence.path("metas").forEach(meta -> {
      if (keep.test(meta)) {
        kept.add(meta);
      }
    });
    return kept;
  }
}
