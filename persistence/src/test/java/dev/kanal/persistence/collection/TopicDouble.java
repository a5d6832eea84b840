package dev.kanal.persistence.collection;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the topic entity on the far side of {@link ChangePublisher}, with the same rules:
 * it takes the next seq (or any seq when it has none yet), keeps a seq it has, refuses a gap, and
 * answers with the highest seq it took. It can be told to lose publications.
 */
final class TopicDouble implements ChangePublisher {
  final List<Change> delivered = new CopyOnWriteArrayList<>();
  private final AtomicInteger toLose = new AtomicInteger();
  private long highest;

  /** The next {@code count} publications fail as a timeout would. */
  TopicDouble lose(int count) {
    toLose.set(count);
    return this;
  }

  @Override
  public synchronized CompletionStage<Long> publish(Change change) {
    if (toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return CompletableFuture.failedFuture(new TimeoutException("lost on purpose"));
    }
    if (highest == 0 || change.seq() == highest + 1) {
      highest = change.seq();
      delivered.add(change);
    }
    return CompletableFuture.completedFuture(highest);
  }

  List<Long> deliveredSeqs() {
    return delivered.stream().map(Change::seq).toList();
  }
}
