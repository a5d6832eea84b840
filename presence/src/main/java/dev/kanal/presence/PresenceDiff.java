package dev.kanal.presence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change to a topic's presence: the metas that joined and the metas that left, by key. An updated
 * meta is a leave of the old meta and a join of the new one, which carries {@code phx_ref_prev}.
 */
public final class PresenceDiff {
  public static final PresenceDiff EMPTY = new PresenceDiff(Map.of(), Map.of());

  private final Map<String, List<ObjectNode>> joins;
  private final Map<String, List<ObjectNode>> leaves;

  private PresenceDiff(Map<String, List<ObjectNode>> joins, Map<String, List<ObjectNode>> leaves) {
    this.joins = joins;
    this.leaves = leaves;
  }

  static PresenceDiff of(Map<String, List<ObjectNode>> joins, Map<String, List<ObjectNode>> leaves) {
    return joins.isEmpty() && leaves.isEmpty() ? EMPTY : new PresenceDiff(freeze(joins), freeze(leaves));
  }

  static PresenceDiff join(String key, ObjectNode meta) {
    return of(Map.of(key, List.of(meta)), Map.of());
  }

  static PresenceDiff leave(String key, ObjectNode meta) {
    return of(Map.of(), Map.of(key, List.of(meta)));
  }

  public Map<String, List<ObjectNode>> joins() {
    return joins;
  }

  public Map<String, List<ObjectNode>> leaves() {
    return leaves;
  }

  public boolean isEmpty() {
    return joins.isEmpty() && leaves.isEmpty();
  }

  /**
   * This diff followed by {@code next}, as one diff. A meta that joins here and leaves in
   * {@code next} appears in neither side, so a client applying the merged diff ends where it would
   * after applying both.
   */
  public PresenceDiff merge(PresenceDiff next) {
    if (isEmpty()) {
      return next;
    }
    if (next.isEmpty()) {
      return this;
    }
    Set<String> leftNext = refs(next.leaves);
    Set<String> joinedHere = refs(joins);
    Map<String, List<ObjectNode>> mergedJoins = new LinkedHashMap<>();
    addAllExcept(mergedJoins, joins, leftNext);
    addAllExcept(mergedJoins, next.joins, Set.of());
    Map<String, List<ObjectNode>> mergedLeaves = new LinkedHashMap<>();
    addAllExcept(mergedLeaves, leaves, Set.of());
    addAllExcept(mergedLeaves, next.leaves, joinedHere);
    return of(mergedJoins, mergedLeaves);
  }

  /** {@code {"joins": {key: {"metas": […]}}, "leaves": {…}}}, the payload of {@code presence_diff}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("joins", Metas.toJson(joins));
    json.set("leaves", Metas.toJson(leaves));
    return json;
  }

  private static Set<String> refs(Map<String, List<ObjectNode>> byKey) {
    Set<String> refs = new HashSet<>();
    byKey.values().forEach(metas -> metas.forEach(meta -> refs.add(Metas.ref(meta))));
    return refs;
  }

  private static void addAllExcept(
      Map<String, List<ObjectNode>> into, Map<String, List<ObjectNode>> from, Set<String> excludedRefs) {
    from.forEach(
        (key, metas) ->
            metas.stream()
                .filter(meta -> !excludedRefs.contains(Metas.ref(meta)))
                .forEach(meta -> into.computeIfAbsent(key, k -> new ArrayList<>()).add(meta)));
  }

  private static Map<String, List<ObjectNode>> freeze(Map<String, List<ObjectNode>> byKey) {
    Map<String, List<ObjectNode>> frozen = new LinkedHashMap<>();
    byKey.forEach((key, metas) -> frozen.put(key, List.copyOf(metas)));
    return Collections.unmodifiableMap(frozen);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PresenceDiff diff && joins.equals(diff.joins) && leaves.equals(diff.leaves);
  }

  @Override
  public int hashCode() {
    return joins.hashCode() * 31 + leaves.hashCode();
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
