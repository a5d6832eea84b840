package dev.kanal.persistence.collection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.CollectionSerializable;
import dev.kanal.persistence.schema.CollectionSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A collection's records, its {@code seq}, the next serial id, the retained change log that
 * answers {@code since}, and the changes the topic has not yet confirmed. It is also the snapshot.
 *
 * <p>It is mutable for speed: only the entity's event handler changes the records, and only the
 * entity calls {@link #confirm}, which records a delivery that the next event's {@code confirmed}
 * will carry into the journal.
 */
public final class CollectionState implements CollectionSerializable {
  @JsonProperty private final String collection;
  @JsonProperty private final LinkedHashMap<String, ObjectNode> records;
  @JsonProperty private long seq;
  @JsonProperty private long nextSerial;
  @JsonProperty private long confirmed;
  @JsonProperty private final ArrayDeque<Change> retained;
  @JsonProperty private final TreeMap<Long, Change> unconfirmed;

  @JsonCreator
  CollectionState(
      @JsonProperty("collection") String collection,
      @JsonProperty("records") LinkedHashMap<String, ObjectNode> records,
      @JsonProperty("seq") long seq,
      @JsonProperty("nextSerial") long nextSerial,
      @JsonProperty("confirmed") long confirmed,
      @JsonProperty("retained") ArrayDeque<Change> retained,
      @JsonProperty("unconfirmed") TreeMap<Long, Change> unconfirmed) {
    this.collection = collection;
    this.records = records;
    this.seq = seq;
    this.nextSerial = nextSerial;
    this.confirmed = confirmed;
    this.retained = retained;
    this.unconfirmed = unconfirmed;
  }

  static CollectionState empty(String collection) {
    return new CollectionState(collection, new LinkedHashMap<>(), 0, 1, 0, new ArrayDeque<>(), new TreeMap<>());
  }

  /** A copy sharing the records themselves, which are never changed once stored. */
  CollectionState copy() {
    return new CollectionState(
        collection, new LinkedHashMap<>(records), seq, nextSerial, confirmed, new ArrayDeque<>(retained), new TreeMap<>(unconfirmed));
  }

  /** The key records are kept under: serial ids as plain decimal text, uuids as they are. */
  public static String key(JsonNode id) {
    return id.asText();
  }

  public long seq() {
    return seq;
  }

  long nextSerial() {
    return nextSerial;
  }

  long confirmed() {
    return confirmed;
  }

  public Optional<ObjectNode> record(String key) {
    return Optional.ofNullable(records.get(key));
  }

  /** The records in creation order; a live view, read it only on the entity. */
  public Collection<ObjectNode> records() {
    return Collections.unmodifiableCollection(records.values());
  }

  /** The changes after {@code since}, or empty when the log no longer reaches back that far. */
  Optional<List<Change>> changesSince(long since) {
    if (since == seq) {
      return Optional.of(List.of());
    }
    if (since > seq || since < 0 || retained.isEmpty() || retained.peekFirst().seq() > since + 1) {
      return Optional.empty();
    }
    List<Change> missed = new ArrayList<>();
    for (Change change : retained) {
      if (change.seq() > since) {
        missed.add(change);
      }
    }
    return Optional.of(missed);
  }

  Change unconfirmedChange(long changeSeq) {
    return unconfirmed.get(changeSeq);
  }

  /** The changes the topic has not confirmed yet, oldest first. */
  Collection<Change> unconfirmed() {
    return unconfirmed.values();
  }

  /** The topic confirmed every change up to {@code upTo}; returns those newly confirmed. */
  List<Change> confirm(long upTo) {
    NavigableMap<Long, Change> done = unconfirmed.headMap(upTo, true);
    List<Change> confirmedNow = new ArrayList<>(done.values());
    done.clear();
    confirmed = Math.max(confirmed, upTo);
    return confirmedNow;
  }

  /** Applies a journaled event; returns the change it made. */
  Change apply(CollectionEvent event, int retain) {
    Change change;
    if (event instanceof CollectionEvent.Deleted deleted) {
      ObjectNode before = records.remove(key(deleted.id()));
      change = new Change(collection, event.seq(), Change.Action.DELETE, deleted.id(), before, null);
    } else {
      ObjectNode record = event instanceof CollectionEvent.Created created
          ? created.record()
          : ((CollectionEvent.Updated) event).record();
      JsonNode id = record.get(CollectionSchema.ID);
      ObjectNode before = records.put(key(id), record);
      if (id.isIntegralNumber()) {
        nextSerial = Math.max(nextSerial, id.longValue() + 1);
      }
      change = new Change(
          collection,
          event.seq(),
          event instanceof CollectionEvent.Created ? Change.Action.CREATE : Change.Action.UPDATE,
          id,
          before,
          record);
    }
    seq = event.seq();
    retained.addLast(change);
    while (retained.size() > retain) {
      retained.removeFirst();
    }
    confirm(event.confirmed());
    if (change.seq() > confirmed) {
      unconfirmed.put(change.seq(), change);
    }
    return change;
  }

  int retainedCount() {
    return retained.size();
  }
}
