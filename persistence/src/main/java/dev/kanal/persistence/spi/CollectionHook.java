package dev.kanal.persistence.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;

/**
 * Validates or enriches a collection's writes. Named by {@code kanal.collections.NAME.hook} (a class
 * with a public no-argument constructor) and shared by every write, so it must be thread-safe.
 *
 * <p>A write passes the hook three times:
 * <ol>
 *   <li>{@link #prepare} before the write reaches the collection: it may read other collections
 *       and refuse the write by failing with {@link HookRejection};
 *   <li>{@link #complete} inside the collection, one write at a time, just before the record is
 *       stored: the place for values that depend on the records already there (a running number);
 *   <li>{@link #stored} once the change is stored and delivered to the collection's subscribers.
 * </ol>
 */
public interface CollectionHook {

  /** Checks or rewrites a create's or an update's body; {@code existing} is null for a create. */
  default CompletionStage<ObjectNode> prepare(ObjectNode body, ObjectNode existing, CollectionReader reader) {
    return CompletableFuture.completedFuture(body);
  }

  /**
   * Finishes a record about to be created, seeing the collection's current records. It runs inside
   * the collection, so it must be quick and must not block.
   */
  default ObjectNode complete(ObjectNode record, Collection<ObjectNode> existing) {
    return record;
  }

  /** Called after a change is stored and its subscribers have it; e.g. to notify another topic. */
  default void stored(Change change, Notifier notifier) {}
}
