package dev.kanal.presence;

import static dev.kanal.presence.TestMetas.json;
import static dev.kanal.presence.TestMetas.meta;
import static dev.kanal.presence.TestMetas.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceStateTest {
  private final PresenceState<String> state = new PresenceState<>();

  @Test
  void trackAnswersWithAJoinOnly() {
    PresenceDiff diff = state.track("socket-1", "alice", meta("r1", "online"));

    assertEquals(
        """
        {"joins":{"alice":{"metas":[{"phx_ref":"r1","status":"online"}]}},"leaves":{}}""",
        diff.toJson().toString());
  }

  @Test
  void trackingTheSameKeyAgainIsAnUpdate() {
    state.track("socket-1", "alice", meta("r1", "online"));

    PresenceDiff diff = state.track("socket-1", "alice", update("r2", "r1", "away"));

    assertEquals(
        """
        {"joins":{"alice":{"metas":[{"phx_ref":"r2","phx_ref_prev":"r1","status":"away"}]}},\
        "leaves":{"alice":{"metas":[{"phx_ref":"r1","status":"online"}]}}}""",
        diff.toJson().toString());
    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r2","phx_ref_prev":"r1","status":"away"}]}}""",
        state.toJson().toString());
    assertEquals(1, state.size());
  }

  @Test
  void twoOwnersShareAKeyAndEachLeavesAlone() {
    state.track("socket-1", "alice", meta("r1", "online"));
    state.track("socket-2", "alice", meta("r2", "away"));

    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r1","status":"online"},{"phx_ref":"r2","status":"away"}]}}""",
        state.toJson().toString());

    PresenceDiff diff = state.untrack("socket-1", "alice");

    assertEquals(
        """
        {"joins":{},"leaves":{"alice":{"metas":[{"phx_ref":"r1","status":"online"}]}}}""",
        diff.toJson().toString());
    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r2","status":"away"}]}}""", state.toJson().toString());
  }

  @Test
  void untrackingWhatIsNotTrackedChangesNothing() {
    state.track("socket-1", "alice", meta("r1", "online"));

    assertSame(PresenceDiff.EMPTY, state.untrack("socket-2", "alice"));
    assertSame(PresenceDiff.EMPTY, state.untrack("socket-1", "bob"));
    assertSame(PresenceDiff.EMPTY, state.removeOwner("socket-2"));
    assertEquals(1, state.size());
  }

  @Test
  void removeOwnerLeavesAllItsKeysInOneDiff() {
    state.track("socket-1", "alice", meta("r1", "online"));
    state.track("socket-1", "bob", meta("r2", "online"));
    state.track("socket-2", "alice", meta("r3", "away"));

    PresenceDiff diff = state.removeOwner("socket-1");

    // Compared as trees: the order of an owner's keys is not part of the contract.
    assertEquals(
        json(
            """
            {"joins":{},"leaves":{"alice":{"metas":[{"phx_ref":"r1","status":"online"}]},\
            "bob":{"metas":[{"phx_ref":"r2","status":"online"}]}}}"""),
        diff.toJson());
    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r3","status":"away"}]}}""", state.toJson().toString());
    assertTrue(state.trackedBy("socket-1").isEmpty());
    assertSame(PresenceDiff.EMPTY, state.removeOwner("socket-1"));
  }

  @Test
  void trackedByGivesTheCurrentMetaOfEachKey() {
    ObjectNode alice = meta("r1", "online");
    ObjectNode bob = meta("r2", "online");
    ObjectNode aliceAway = update("r3", "r1", "away");
    state.track("socket-1", "alice", alice);
    state.track("socket-1", "bob", bob);
    state.track("socket-2", "alice", meta("r4", "online"));

    assertEquals(Map.of("alice", alice, "bob", bob), state.trackedBy("socket-1"));

    state.track("socket-1", "alice", aliceAway);

    assertEquals(Map.of("alice", aliceAway, "bob", bob), state.trackedBy("socket-1"));
    assertEquals(Map.of(), state.trackedBy("socket-3"));
  }

  @Test
  void sizeCountsMetasOfAllKeys() {
    assertTrue(state.isEmpty());
    assertEquals(0, state.size());

    state.track("socket-1", "alice", meta("r1", "online"));
    state.track("socket-2", "alice", meta("r2", "online"));
    state.track("socket-2", "bob", meta("r3", "online"));

    assertFalse(state.isEmpty());
    assertEquals(3, state.size());

    state.removeOwner("socket-2");
    state.untrack("socket-1", "alice");

    assertTrue(state.isEmpty());
    assertEquals(0, state.size());
    assertEquals("{}", state.toJson().toString());
  }

  @Test
  void toJsonIsThePresenceStatePayload() {
    state.track("socket-1", "alice", meta("r1", "online"));
    state.track("socket-2", "bob", meta("r2", "away"));
    state.track("socket-3", "alice", meta("r3", "away"));

    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r1","status":"online"},{"phx_ref":"r3","status":"away"}]},\
        "bob":{"metas":[{"phx_ref":"r2","status":"away"}]}}""",
        state.toJson().toString());
  }

  @Test
  void aMetaWithoutPhxRefIsRefusedAndChangesNothing() {
    ObjectNode tracked = meta("r1", "online");
    state.track("socket-1", "alice", tracked);

    assertThrows(IllegalArgumentException.class, () -> state.track("socket-1", "alice", json("{\"status\":\"away\"}")));
    assertThrows(IllegalArgumentException.class, () -> state.track("socket-2", "bob", meta("", "away")));
    assertThrows(IllegalArgumentException.class, () -> state.track("socket-3", "carol", json("{\"phx_ref\":null}")));

    assertEquals(Map.of("alice", tracked), state.trackedBy("socket-1"));
    assertEquals(1, state.size());
  }
}
