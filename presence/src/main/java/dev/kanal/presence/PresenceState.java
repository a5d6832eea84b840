package dev.kanal.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is present on one topic. Each meta is tracked by an owner under a key; one key may hold many
 * metas (one person on several devices), and one owner may track several keys. Every change returns
 * the {@link PresenceDiff} that tells clients about it.
 *
 * <p>Metas arrive with their {@code phx_ref} already set: refs are made where a presence is tracked,
 * so that a state rebuilt from the same owners keeps the refs clients already know.
 *
 * @param <O> what identifies an owner; needs equals and hashCode
 */
public final class PresenceState<O> {
  private final Map<String, LinkedHashMap<String, ObjectNode>> metasByKey = new LinkedHashMap<>();
  private final Map<O, Map<String, String>> refsByOwner = new HashMap<>();

  /**
   * Tracks {@code meta} (which carries its {@code phx_ref}) for {@code owner} under {@code key}. If
   * the owner already tracks the key this is an update: the old meta leaves, the new one joins.
   */
  public PresenceDiff track(O owner, String key, ObjectNode meta) {
    String ref = Metas.ref(meta);
    if (ref.isEmpty()) {
      throw new IllegalArgumentException("a tracked meta needs a phx_ref");
    }
    PresenceDiff left = untrack(owner, key);
    metasByKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(ref, meta);
    refsByOwner.computeIfAbsent(owner, o -> new HashMap<>()).put(key, ref);
    return PresenceDiff.of(Map.of(key, List.of(meta)), left.leaves());
  }

  /** Stops tracking {@code owner}'s meta under {@code key}; empty if it tracked none. */
  public PresenceDiff untrack(O owner, String key) {
    Map<String, String> refs = refsByOwner.get(owner);
    String ref = refs == null ? null : refs.remove(key);
    if (ref == null) {
      return PresenceDiff.EMPTY;
    }
    if (refs.isEmpty()) {
      refsByOwner.remove(owner);
    }
    LinkedHashMap<String, ObjectNode> metas = metasByKey.get(key);
    ObjectNode meta = metas.remove(ref);
    if (metas.isEmpty()) {
      metasByKey.remove(key);
    }
    return PresenceDiff.leave(key, meta);
  }

  /** Removes everything {@code owner} tracks: it left, or its socket or node is gone. */
  public PresenceDiff removeOwner(O owner) {
    Map<String, String> refs = refsByOwner.get(owner);
    if (refs == null) {
      return PresenceDiff.EMPTY;
    }
    PresenceDiff diff = PresenceDiff.EMPTY;
    for (String key : new ArrayList<>(refs.keySet())) {
      diff = diff.merge(untrack(owner, key));
    }
    return diff;
  }

  /** The metas {@code owner} tracks, by key. */
  public Map<String, ObjectNode> trackedBy(O owner) {
    Map<String, ObjectNode> tracked = new LinkedHashMap<>();
    refsByOwner.getOrDefault(owner, Map.of()).forEach((key, ref) -> tracked.put(key, metasByKey.get(key).get(ref)));
    return tracked;
  }

  public boolean isEmpty() {
    return metasByKey.isEmpty();
  }

  /** How many metas are tracked in all. */
  public int size() {
    return metasByKey.values().stream().mapToInt(Map::size).sum();
  }

  /** {@code {key: {"metas": […]}}}, the payload of {@code presence_state}. */
  public ObjectNode toJson() {
    Map<String, List<ObjectNode>> byKey = new LinkedHashMap<>();
    metasByKey.forEach((key, metas) -> byKey.put(key, new ArrayList<>(metas.values())));
    return Metas.toJson(byKey);
  }
}
