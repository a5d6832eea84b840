package dev.kanal.persistence.collection;

import dev.kanal.persistence.filter.Filter;

/**
 * How a change looks to a subscriber with a filter. An update that moves a record out of the
 * filter is a delete for that subscriber; one that moves it in is an update, which clients treat
 * as "replace or append".
 */
public enum ChangeView {
  /** The subscriber gets the change unchanged. */
  AS_IS,
  /** The subscriber gets a delete of the record's id. */
  DELETE,
  /** The change does not concern the subscriber. */
  SKIP;

  public static ChangeView of(Change change, Filter filter) {
    boolean before = change.before() != null && filter.test(change.before());
    boolean after = change.after() != null && filter.test(change.after());
    switch (change.action()) {
      case CREATE:
        return after ? AS_IS : SKIP;
      case DELETE:
        return before ? AS_IS : SKIP;
      default:
        if (after) {
          return AS_IS;
        }
        return before ? DELETE : SKIP;
    }
  }
}
