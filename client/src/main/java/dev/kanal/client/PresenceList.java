package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One channel's presence list, kept with Phoenix.Presence's client rules: {@code presence_state}
 * replaces the list (reporting who joined and left since), {@code presence_diff} adds and removes
 * metas by their {@code phx_ref}, and diffs that come before the first state wait for it.
 */
final class PresenceList {
  static final String PHX_REF = "phx_ref";

  private final Map<String, List<ObjectNode>> state = new LinkedHashMap<>();
  private final List<JsonNode> pendingDiffs = new ArrayList<>();
  private boolean synced;

  /** A channel that joins again starts over: the next state is the first. */
  void reset() {
    synced = false;
    pendingDiffs.clear();
  }

  void applyState(JsonNode newState, Consumer<PresenceEvent> events) {
    Map<String, List<ObjectNode>> incoming = metasByKey(newState);
    Set<String> keys = new LinkedHashSet<>(state.keySet());
    keys.addAll(incoming.keySet());
    Map<String, List<ObjectNode>> joins = new LinkedHashMap<>();
    Map<String, List<ObjectNode>> leaves = new LinkedHashMap<>();
    for (String key : keys) {
      List<ObjectNode> before = state.getOrDefault(key, List.of());
      List<ObjectNode> after = incoming.getOrDefault(key, List.of());
      List<ObjectNode> joined = without(after, refs(before));
      List<ObjectNode> left = without(before, refs(after));
      if (!joined.isEmpty()) {
        joins.put(key, joined);
      }
      if (!left.isEmpty()) {
        leaves.put(key, left);
      }
    }
    state.clear();
    state.putAll(incoming);
    report(joins, leaves, events);
    synced = true;
    List<JsonNode> waiting = new ArrayList<>(pendingDiffs);
    pendingDiffs.clear();
    waiting.forEach(diff -> applyDiff(diff, events));
  }

  void applyDiff(JsonNode diff, Consumer<PresenceEvent> events) {
    if (!synced) {
      pendingDiffs.add(diff);
      return;
    }
    Map<String, List<ObjectNode>> joins = metasByKey(diff.path("joins"));
    Map<String, List<ObjectNode>> leaves = metasByKey(diff.path("leaves"));
    joins.forEach((key, metas) -> {
      List<ObjectNode> current = new ArrayList<>(without(state.getOrDefault(key, List.of()), refs(metas)));
      current.addAll(metas);
      state.put(key, current);
    });
    leaves.forEach((key, metas) -> {
      List<ObjectNode> current = without(state.getOrDefault(key, List.of()), refs(metas));
      if (current.isEmpty()) {
        state.remove(key);
      } else {
        state.put(key, current);
      }
    });
    report(joins, leaves, events);
  }

  Map<String, List<ObjectNode>> snapshot() {
    Map<String, List<ObjectNode>> copy = new LinkedHashMap<>();
    state.forEach((key, metas) -> copy.put(key, List.copyOf(metas)));
    return copy;
  }

  private void report(Map<String, List<ObjectNode>> joins, Map<String, List<ObjectNode>> leaves, Consumer<PresenceEvent> events) {
    joins.forEach((key, metas) -> events.accept(new PresenceEvent.Join(key, List.copyOf(state.getOrDefault(key, List.of())), metas)));
    leaves.forEach((key, metas) -> events.accept(new PresenceEvent.Leave(key, List.copyOf(state.getOrDefault(key, List.of())), metas)));
    events.accept(new PresenceEvent.Sync(snapshot()));
  }

  private static Map<String, List<ObjectNode>> metasByKey(JsonNode byKey) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = byKey.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      List<ObjectNode> metas = new ArrayList<>();
      entry.getValue().path("metas").forEach(meta -> {
        if (meta.isObject()) {
          metas.add((ObjectNode) meta);
        }
      });
      out.put(entry.getKey(), metas);
    }
    return out;
  }

  private static Set<String> refs(List<ObjectNode> metas) {
    Set<String> refs = new LinkedHashSet<>();
    metas.forEach(meta -> refs.add(meta.path(PHX_REF).asText()));
    return refs;
  }

  private static List<ObjectNode> without(List<ObjectNode> metas, Set<String> refs) {
    return metas.stream().filter(meta -> !refs.contains(meta.path(PHX_REF).asText())).toList();
  }
}
