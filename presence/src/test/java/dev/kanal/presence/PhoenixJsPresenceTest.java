package dev.kanal.presence;

import static dev.kanal.presence.TestMetas.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The model client against phoenix.js itself: every expected text here is what {@code
 * Presence.syncDiff} or {@code Presence.syncState} of phoenix.mjs returned for the same input.
 */
class PhoenixJsPresenceTest {
  @Test
  void joinsKeepTheMetasTheClientHadFirstAndReplaceThoseWithAJoinedRef() {
    ObjectNode state =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1","s":"a"},{"phx_ref":"r2","s":"b"}]}}""");
    ObjectNode diff =
        json(
            """
            {"joins":{"alice":{"metas":[{"phx_ref":"r2","s":"c"},{"phx_ref":"r3"}]}},"leaves":{}}""");

    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r1","s":"a"},{"phx_ref":"r2","s":"c"},{"phx_ref":"r3"}]}}""",
        PhoenixJsPresence.syncDiff(state, diff).toString());
  }

  @Test
  void leavesDropKeysWithNoMetasLeftAndIgnoreUnknownKeys() {
    ObjectNode state =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1"}]},"bob":{"metas":[{"phx_ref":"r2"},{"phx_ref":"r3"}]}}""");
    ObjectNode diff =
        json(
            """
            {"joins":{},"leaves":{"alice":{"metas":[{"phx_ref":"r1"}]},"bob":{"metas":[{"phx_ref":"r2"}]},\
            "carol":{"metas":[{"phx_ref":"r9"}]}}}""");

    assertEquals(
        """
        {"bob":{"metas":[{"phx_ref":"r3"}]}}""", PhoenixJsPresence.syncDiff(state, diff).toString());
  }

  @Test
  void anUpdateJoinsBeforeItLeaves() {
    ObjectNode state =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1"}]}}""");
    ObjectNode diff =
        json(
            """
            {"joins":{"alice":{"metas":[{"phx_ref":"r4","phx_ref_prev":"r1"}]}},\
            "leaves":{"alice":{"metas":[{"phx_ref":"r1"}]}}}""");

    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r4","phx_ref_prev":"r1"}]}}""",
        PhoenixJsPresence.syncDiff(state, diff).toString());
  }

  @Test
  void syncStateEndsOnTheNewStateByRef() {
    ObjectNode current =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1"},{"phx_ref":"r2"}]},"bob":{"metas":[{"phx_ref":"r3"}]}}""");
    ObjectNode incoming =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r2"},{"phx_ref":"r4"}]},"carol":{"metas":[{"phx_ref":"r5"}]}}""");

    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r2"},{"phx_ref":"r4"}]},"carol":{"metas":[{"phx_ref":"r5"}]}}""",
        PhoenixJsPresence.syncState(current, incoming).toString());
  }

  @Test
  void syncStateKeepsTheClientsCopyOfAKnownRef() {
    ObjectNode current =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1","s":"old"}]}}""");
    ObjectNode incoming =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1","s":"new"}]}}""");

    assertEquals(
        """
        {"alice":{"metas":[{"phx_ref":"r1","s":"old"}]}}""", PhoenixJsPresence.syncState(current, incoming).toString());
  }

  @Test
  void inputsAreLeftAsTheyWere() {
    ObjectNode current =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r1"},{"phx_ref":"r2"}]}}""");
    ObjectNode incoming =
        json(
            """
            {"alice":{"metas":[{"phx_ref":"r2"},{"phx_ref":"r3"}]}}""");
    ObjectNode diff =
        json(
            """
            {"joins":{"alice":{"metas":[{"phx_ref":"r4"}]}},"leaves":{"alice":{"metas":[{"phx_ref":"r1"}]}}}""");
    ObjectNode currentBefore = current.deepCopy();
    ObjectNode incomingBefore = incoming.deepCopy();
    ObjectNode diffBefore = diff.deepCopy();

    PhoenixJsPresence.syncState(current, incoming);
    PhoenixJsPresence.syncDiff(current, diff);

    assertEquals(currentBefore, current);
    assertEquals(incomingBefore, incoming);
    assertEquals(diffBefore, diff);
  }
}
