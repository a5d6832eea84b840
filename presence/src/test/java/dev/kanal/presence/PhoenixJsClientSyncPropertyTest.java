package dev.kanal.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * A phoenix.js client ({@link PhoenixJsPresence}) that got the presence_state at some point and
 * then every presence_diff, one by one or coalesced with {@link PresenceDiff#merge}, or that gets a
 * rebuilt topic's full state late, sees exactly the server's presences: no meta missing, none left
 * over.
 */
class PhoenixJsClientSyncPropertyTest {
  private static final int TRIES = 500;
  private static final int MAX_OPERATIONS = 60;
  private static final List<Integer> OWNERS = List.of(1, 2, 3);
  private static final List<String> KEYS = List.of("alice", "bob", "carol");

  @Property(tries = TRIES)
  void diffsAppliedOneByOneAfterTheStateKeepTheClientInStep(@ForAll("scenarios") Scenario scenario) {
    Run run = Run.of(scenario.operations());
    ObjectNode client = PhoenixJsPresence.syncState(emptyState(), run.states().get(scenario.joinedAfter()));
    for (int step = scenario.joinedAfter(); step < run.diffs().size(); step++) {
      PresenceDiff diff = run.diffs().get(step);
      if (!diff.isEmpty()) {
        client = PhoenixJsPresence.syncDiff(client, diff.toJson());
      }
      assertEquals(presences(run.states().get(step + 1)), presences(client), "after operation " + step);
    }
  }

  @Property(tries = TRIES)
  void mergedDiffsKeepTheClientInStep(@ForAll("scenarios") Scenario scenario) {
    Run run = Run.of(scenario.operations());
    ObjectNode client = PhoenixJsPresence.syncState(emptyState(), run.states().get(scenario.joinedAfter()));
    PresenceDiff batch = PresenceDiff.EMPTY;
    for (int step = scenario.joinedAfter(); step < run.diffs().size(); step++) {
      batch = batch.merge(run.diffs().get(step));
      if (scenario.flushAfter().get(step) || step == run.diffs().size() - 1) {
        if (!batch.isEmpty()) {
          client = PhoenixJsPresence.syncDiff(client, batch.toJson());
        }
        batch = PresenceDiff.EMPTY;
        assertEquals(presences(run.states().get(step + 1)), presences(client), "after operation " + step);
      }
    }
  }

  @Property(tries = TRIES)
  void aRebuiltTopicsStateLeavesNoGhostsOnAnOldClient(@ForAll("scenarios") Scenario scenario) {
    Run run = Run.of(scenario.operations());
    ObjectNode oldClient = PhoenixJsPresence.syncState(emptyState(), run.states().get(scenario.joinedAfter()));
    PresenceState<Integer> rebuilt = new PresenceState<>();
    for (Integer owner : OWNERS) {
      run.state().trackedBy(owner).forEach((key, meta) -> rebuilt.track(owner, key, meta));
    }
    ObjectNode current = run.state().toJson();

    assertEquals(presences(current), presences(rebuilt.toJson()));
    assertEquals(presences(current), presences(PhoenixJsPresence.syncState(oldClient, rebuilt.toJson())));
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Integer> owners = Arbitraries.of(OWNERS);
    Arbitrary<String> keys = Arbitraries.of(KEYS);
    Arbitrary<Operation> track =
        Combinators.combine(owners, keys, Arbitraries.of("online", "away")).as(Operation.Track::new);
    Arbitrary<Operation> untrack = Combinators.combine(owners, keys).as(Operation.Untrack::new);
    Arbitrary<Operation> removeOwner = owners.map(Operation.RemoveOwner::new);
    Arbitrary<List<Operation>> operations =
        Arbitraries.frequencyOf(Tuple.of(5, track), Tuple.of(3, untrack), Tuple.of(1, removeOwner))
            .list()
            .ofMaxSize(MAX_OPERATIONS)
            .withSizeDistribution(RandomDistribution.uniform());
    return operations.flatMap(
        ops ->
            Combinators.combine(
                    Arbitraries.integers().between(0, ops.size()),
                    Arbitraries.of(true, false).list().ofSize(ops.size()))
                .as((joinedAfter, flushAfter) -> new Scenario(ops, joinedAfter, flushAfter)));
  }

  /**
   * {@code operations} run on a server; a client joins after the first {@code joinedAfter} of them.
   * A batch of merged diffs goes out after operation {@code i} when {@code flushAfter[i]}.
   */
  record Scenario(List<Operation> operations, int joinedAfter, List<Boolean> flushAfter) {}

  sealed interface Operation {
    /** Runs on {@code state}; a track gives its meta {@code freshRef}. */
    PresenceDiff applyTo(PresenceState<Integer> state, String freshRef);

    record Track(int owner, String key, String status) implements Operation {
      @Override
      public PresenceDiff applyTo(PresenceState<Integer> state, String freshRef) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode().put(Metas.PHX_REF, freshRef).put("status", status);
        ObjectNode previous = state.trackedBy(owner).get(key);
        if (previous != null) {
          meta.put(Metas.PHX_REF_PREV, Metas.ref(previous));
        }
        return state.track(owner, key, meta);
      }
    }

    record Untrack(int owner, String key) implements Operation {
      @Override
      public PresenceDiff applyTo(PresenceState<Integer> state, String freshRef) {
        return state.untrack(owner, key);
      }
    }

    record RemoveOwner(int owner) implements Operation {
      @Override
      public PresenceDiff applyTo(PresenceState<Integer> state, String freshRef) {
        return state.removeOwner(owner);
      }
    }
  }

  /** The server's state after all operations, the diff of each, and the JSON state before each and after the last. */
  record Run(PresenceState<Integer> state, List<PresenceDiff> diffs, List<ObjectNode> states) {
    static Run of(List<Operation> operations) {
      PresenceState<Integer> state = new PresenceState<>();
      List<PresenceDiff> diffs = new ArrayList<>();
      List<ObjectNode> states = new ArrayList<>(List.of(state.toJson()));
      for (Operation operation : operations) {
        diffs.add(operation.applyTo(state, "ref-" + (diffs.size() + 1)));
        states.add(state.toJson());
      }
      return new Run(state, diffs, states);
    }
  }

  /**
   * A presence_state as {key: {phx_ref: meta}}: the order of metas is not part of the protocol (the
   * server and phoenix.js order them differently), a key with no metas or a ref twice is.
   */
  private static Map<String, Map<String, JsonNode>> presences(ObjectNode state) {
    Map<String, Map<String, JsonNode>> byKey = new LinkedHashMap<>();
    for (Entry<String, JsonNode> presence : state.properties()) {
      Map<String, JsonNode> byRef = new LinkedHashMap<>();
      for (JsonNode meta : presence.getValue().path("metas")) {
        if (byRef.put(meta.path(Metas.PHX_REF).asText(), meta) != null) {
          throw new AssertionError("ref twice under " + presence.getKey() + ": " + state);
        }
      }
      byKey.put(presence.getKey(), byRef);
    }
    return byKey;
  }

  private static ObjectNode emptyState() {
    return JsonNodeFactory.instance.objectNode();
  }
}
