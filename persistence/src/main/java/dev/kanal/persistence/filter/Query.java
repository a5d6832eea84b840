package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** What a REST list asks for: which records, in which order, and at most how many. */
public record Query(Filter filter, List<SortKey> sort, OptionalInt limit) {
  public Query {
    Objects.requireNonNull(filter, "filter");
    sort = List.copyOf(sort);
    if (limit.isPresent() && limit.getAsInt() <= 0) {
      throw new IllegalArgumentException("limit must be positive, not " + limit.getAsInt());
    }
  }

  /**
   * The matching records, sorted by the keys in turn (records that tie on all of them keep the
   * collection's order), then cut to the limit; a new list.
   */
  public List<ObjectNode> apply(Collection<ObjectNode> records) {
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode record : records) {
      if (filter.test(record)) {
        matching.add(record);
      }
    }
    List<ObjectNode> ordered = sort.isEmpty() ? matching : sorted(matching);
    int max = limit.orElse(Integer.MAX_VALUE);
    return ordered.size() > max ? new ArrayList<>(ordered.subList(0, max)) : ordered;
  }

  private List<ObjectNode> sorted(List<ObjectNode> records) {
    // Each record's keys are read once, not once per comparison: reading a date-time parses it.
    List<Keyed> keyed = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      FieldValue[] values = new FieldValue[sort.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = sort.get(i).valueIn(record);
      }
      keyed.add(new Keyed(record, values));
    }
    keyed.sort(this::compare); // List.sort is stable, as ties need
    List<ObjectNode> ordered = new ArrayList<>(keyed.size());
    for (Keyed entry : keyed) {
      ordered.add(entry.record());
    }
    return ordered;
  }

  private int compare(Keyed a, Keyed b) {
    for (int i = 0; i < sort.size(); i++) {
      int order = sort.get(i).compare(a.values()[i], b.values()[i]);
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  private record Keyed(ObjectNode record, FieldValue[] values) {}
}
