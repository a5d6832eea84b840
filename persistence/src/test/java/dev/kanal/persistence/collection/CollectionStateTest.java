package dev.kanal.persistence.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state on its own, fed journaled events as the entity's event handler does. */
class CollectionStateTest {
  private static final int RETAIN = 100;

  private final CollectionState state = CollectionState.empty("orders");

  private static ObjectNode record(long id, String name) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("id", id);
    record.put("name", name);
    return record;
  }

  private static ObjectNode record(String id, String name) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("id", id);
    record.put("name", name);
    return record;
  }

  /** Journals the next event, carrying the current confirmation as the entity does. */
  private Change create(long id) {
    return state.apply(new CollectionEvent.Created(state.seq() + 1, record(id, "r" + id), state.confirmed()), RETAIN);
  }

  private Change update(long id, String name) {
    return state.apply(new CollectionEvent.Updated(state.seq() + 1, record(id, name), state.confirmed()), RETAIN);
  }

  private Change delete(long id) {
    return state.apply(new CollectionEvent.Deleted(state.seq() + 1, LongNode.valueOf(id), state.confirmed()), RETAIN);
  }

  private List<Long> ids() {
    return state.records().stream().map(r -> r.get("id").longValue()).toList();
  }

  private static List<Long> seqs(List<Change> changes) {
    return changes.stream().map(Change::seq).toList();
  }

  private static List<Long> seqs(java.util.Collection<Change> changes) {
    return changes.stream().map(Change::seq).toList();
  }

  @Test
  void anEmptyStateHasNothingAndStartsSerialsAtOne() {
    assertEquals(0, state.seq());
    assertEquals(1, state.nextSerial());
    assertTrue(state.records().isEmpty());
    assertEquals(Optional.of(List.of()), state.changesSince(0));
  }

  @Test
  void eventsBuildRecordsInCreationOrderAndSetSeq() {
    create(3);
    create(1);
    create(2);
    update(3, "renamed");

    assertEquals(List.of(3L, 1L, 2L), ids(), "an update keeps a record's place");
    assertEquals(4, state.seq());
    assertEquals("renamed", state.record("3").orElseThrow().get("name").asText());

    delete(1);
    assertEquals(List.of(3L, 2L), ids());
    assertEquals(Optional.empty(), state.record("1"));
    assertEquals(5, state.seq());
  }

  @Test
  void changesKeepTheRecordBeforeAndAfter() {
    Change created = create(1);
    assertEquals(Change.Action.CREATE, created.action());
    assertNull(created.before());
    assertEquals("r1", created.after().get("name").asText());
    assertEquals(LongNode.valueOf(1), created.id());
    assertEquals("orders", created.collection());

    Change updated = update(1, "new");
    assertEquals(Change.Action.UPDATE, updated.action());
    assertEquals("r1", updated.before().get("name").asText());
    assertEquals("new", updated.after().get("name").asText());

    Change deleted = delete(1);
    assertEquals(Change.Action.DELETE, deleted.action());
    assertEquals("new", deleted.before().get("name").asText());
    assertNull(deleted.after());
    assertEquals(3, deleted.seq());
  }

  @Test
  void uuidRecordsAreKeptUnderTheirText() {
    state.apply(new CollectionEvent.Created(1, record("0190-abc", "u"), 0), RETAIN);
    assertEquals("u", state.record("0190-abc").orElseThrow().get("name").asText());
    assertEquals(1, state.nextSerial(), "text ids do not move the serial");
    assertEquals("5", CollectionState.key(LongNode.valueOf(5)));
    assertEquals("0190-abc", CollectionState.key(TextNode.valueOf("0190-abc")));
  }

  @Test
  void theNextSerialNeverGoesBack() {
    create(1);
    create(2);
    create(3);
    assertEquals(4, state.nextSerial());
    delete(3);
    assertEquals(4, state.nextSerial(), "a deleted serial is not handed out again");
    create(10);
    create(5);
    assertEquals(11, state.nextSerial(), "the highest id seen, not the last one");
  }

  @Test
  void changesSinceReturnsExactlyTheChangesAfterIt() {
    for (long id = 1; id <= 5; id++) {
      create(id);
    }
    assertEquals(List.of(3L, 4L, 5L), seqs(state.changesSince(2).orElseThrow()));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(state.changesSince(0).orElseThrow()));
    assertEquals(List.of(5L), seqs(state.changesSince(4).orElseThrow()));
  }

  @Test
  void changesSinceTheCurrentSeqIsEmpty() {
    create(1);
    create(2);
    assertEquals(Optional.of(List.of()), state.changesSince(2));
  }

  @Test
  void changesSinceIsUnknownAheadOfSeqOrBelowZero() {
    create(1);
    create(2);
    assertEquals(Optional.empty(), state.changesSince(3));
    assertEquals(Optional.empty(), state.changesSince(-1));
  }

  @Test
  void changesSinceIsUnknownWhenTheRetainedLogNoLongerReachesBack() {
    for (long seq = 1; seq <= 8; seq++) {
      state.apply(new CollectionEvent.Created(seq, record(seq, "r"), 0), 3);
    }
    assertEquals(3, state.retainedCount());
    assertEquals(List.of(6L, 7L, 8L), seqs(state.changesSince(5).orElseThrow()), "the oldest retained is the next one");
    assertEquals(Optional.empty(), state.changesSince(4), "change 5 is no longer retained");
    assertEquals(Optional.empty(), state.changesSince(0));
  }

  @Test
  void noRetainedLogAnswersOnlyTheCurrentSeq() {
    for (long seq = 1; seq <= 3; seq++) {
      state.apply(new CollectionEvent.Created(seq, record(seq, "r"), 0), 0);
    }
    assertEquals(0, state.retainedCount());
    assertEquals(Optional.of(List.of()), state.changesSince(3));
    assertEquals(Optional.empty(), state.changesSince(2));
  }

  @Test
  void theRetainedLogNeverExceedsItsBound() {
    for (long seq = 1; seq <= 50; seq++) {
      state.apply(new CollectionEvent.Created(seq, record(seq, "r"), 0), 7);
      assertTrue(state.retainedCount() <= 7, "retained " + state.retainedCount() + " after " + seq);
    }
    assertEquals(7, state.retainedCount());
  }

  @Test
  void everyChangeIsUnconfirmedUntilTheTopicConfirmsIt() {
    create(1);
    create(2);
    create(3);
    assertEquals(List.of(1L, 2L, 3L), seqs(state.unconfirmed()));
    assertSame(state.changesSince(1).orElseThrow().get(0), state.unconfirmedChange(2));

    List<Change> confirmedNow = state.confirm(2);

    assertEquals(List.of(1L, 2L), seqs(confirmedNow));
    assertEquals(List.of(3L), seqs(state.unconfirmed()));
    assertEquals(2, state.confirmed());
    assertNull(state.unconfirmedChange(2));
  }

  @Test
  void aRepeatedOrOlderConfirmationConfirmsNothingNewAndKeepsTheHighest() {
    create(1);
    create(2);
    state.confirm(2);
    assertEquals(List.of(), state.confirm(2));
    assertEquals(List.of(), state.confirm(1));
    assertEquals(2, state.confirmed(), "confirmed never goes back");
  }

  @Test
  void anEventsConfirmedMarkDropsConfirmedChangesOnReplay() {
    state.apply(new CollectionEvent.Created(1, record(1, "a"), 0), RETAIN);
    state.apply(new CollectionEvent.Created(2, record(2, "b"), 0), RETAIN);
    state.apply(new CollectionEvent.Created(3, record(3, "c"), 0), RETAIN);
    assertEquals(List.of(1L, 2L, 3L), seqs(state.unconfirmed()));

    // written after the topic had confirmed changes up to 2
    state.apply(new CollectionEvent.Updated(4, record(1, "a2"), 2), RETAIN);

    assertEquals(List.of(3L, 4L), seqs(state.unconfirmed()));
    assertEquals(2, state.confirmed());
  }

  @Test
  void aChangeAlreadyConfirmedByItsOwnMarkIsNotUnconfirmed() {
    state.apply(new CollectionEvent.Created(1, record(1, "a"), 0), RETAIN);
    state.apply(new CollectionEvent.Created(2, record(2, "b"), 2), RETAIN);
    assertEquals(List.of(), seqs(state.unconfirmed()));
  }

  @Test
  void aCopyIsIndependentOfLaterChangesToTheOriginal() {
    create(1);
    create(2);
    CollectionState copy = state.copy();

    create(3);
    update(1, "changed");
    delete(2);
    state.confirm(5);

    assertEquals(2, copy.seq());
    assertEquals(3, copy.nextSerial());
    assertEquals(0, copy.confirmed());
    assertEquals(List.of(1L, 2L), copy.records().stream().map(r -> r.get("id").longValue()).toList());
    assertEquals("r1", copy.record("1").orElseThrow().get("name").asText());
    assertEquals(List.of(1L, 2L), seqs(copy.unconfirmed()));
    assertEquals(List.of(2L), seqs(copy.changesSince(1).orElseThrow()));
    assertEquals(2, copy.retainedCount());
  }

  @Test
  void theOriginalIsIndependentOfChangesToACopy() {
    create(1);
    CollectionState copy = state.copy();
    copy.apply(new CollectionEvent.Deleted(2, LongNode.valueOf(1), 0), RETAIN);
    copy.confirm(2);

    assertEquals(1, state.seq());
    assertEquals(List.of(1L), ids());
    assertEquals(List.of(1L), seqs(state.unconfirmed()));
  }
}
