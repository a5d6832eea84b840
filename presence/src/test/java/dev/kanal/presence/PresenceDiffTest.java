package dev.kanal.presence;

import static dev.kanal.presence.TestMetas.meta;
import static dev.kanal.presence.TestMetas.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceDiffTest {
  @Test
  void aJoinThenALeaveOfTheSameRefCancelOut() {
    PresenceDiff first = PresenceDiff.join("alice", meta("r1", "online"));
    PresenceDiff second = PresenceDiff.leave("alice", meta("r1", "online"));

    assertSame(PresenceDiff.EMPTY, first.merge(second));
  }

  @Test
  void onlyTheCancelledRefDisappears() {
    PresenceDiff first =
        PresenceDiff.of(Map.of("alice", List.of(meta("r1", "online"), meta("r2", "online"))), Map.of());
    PresenceDiff second =
        PresenceDiff.of(Map.of("bob", List.of(meta("r3", "away"))), Map.of("alice", List.of(meta("r1", "online"))));

    assertEquals(
        """
        {"joins":{"alice":{"metas":[{"phx_ref":"r2","status":"online"}]},\
        "bob":{"metas":[{"phx_ref":"r3","status":"away"}]}},"leaves":{}}""",
        first.merge(second).toJson().toString());
  }

  @Test
  void leavesOfTheFirstAreKept() {
    PresenceDiff first = PresenceDiff.leave("alice", meta("r1", "online"));
    PresenceDiff second = PresenceDiff.leave("alice", meta("r2", "away"));

    assertEquals(
        """
        {"joins":{},"leaves":{"alice":{"metas":[{"phx_ref":"r1","status":"online"},\
        {"phx_ref":"r2","status":"away"}]}}}""",
        first.merge(second).toJson().toString());
  }

  @Test
  void joinsOfTheSecondAreKept() {
    PresenceDiff first = PresenceDiff.join("alice", meta("r1", "online"));
    PresenceDiff second = PresenceDiff.join("alice", meta("r2", "away"));

    assertEquals(
        """
        {"joins":{"alice":{"metas":[{"phx_ref":"r1","status":"online"},\
        {"phx_ref":"r2","status":"away"}]}},"leaves":{}}""",
        first.merge(second).toJson().toString());
  }

  @Test
  void twoUpdatesInARowMergeIntoOneFromFirstToLast() {
    PresenceDiff first =
        PresenceDiff.of(Map.of("alice", List.of(update("r2", "r1", "away"))), Map.of("alice", List.of(meta("r1", "online"))));
    PresenceDiff second =
        PresenceDiff.of(Map.of("alice", List.of(update("r3", "r2", "busy"))), Map.of("alice", List.of(update("r2", "r1", "away"))));

    assertEquals(
        """
        {"joins":{"alice":{"metas":[{"phx_ref":"r3","phx_ref_prev":"r2","status":"busy"}]}},\
        "leaves":{"alice":{"metas":[{"phx_ref":"r1","status":"online"}]}}}""",
        first.merge(second).toJson().toString());
  }

  @Test
  void emptyIsTheIdentityOnBothSides() {
    PresenceDiff diff =
        PresenceDiff.of(Map.of("alice", List.of(meta("r2", "away"))), Map.of("bob", List.of(meta("r1", "online"))));

    assertSame(diff, PresenceDiff.EMPTY.merge(diff));
    assertSame(diff, diff.merge(PresenceDiff.EMPTY));
    assertSame(PresenceDiff.EMPTY, PresenceDiff.EMPTY.merge(PresenceDiff.EMPTY));
  }

  @Test
  void toJsonIsThePresenceDiffPayload() {
    PresenceDiff diff =
        PresenceDiff.of(Map.of("alice", List.of(meta("r2", "away"))), Map.of("bob", List.of(meta("r1", "online"))));

    assertEquals(
        """
        {"joins":{"alice":{"metas":[{"phx_ref":"r2","status":"away"}]}},\
        "leaves":{"bob":{"metas":[{"phx_ref":"r1","status":"online"}]}}}""",
        diff.toJson().toString());
    assertEquals("{\"joins\":{},\"leaves\":{}}", PresenceDiff.EMPTY.toJson().toString());
  }
}
