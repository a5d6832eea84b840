package dev.kanal.persistence.collection;

import java.time.Duration;

/**
 * How collections keep and deliver changes.
 *
 * @param retainedChanges how many recent changes a collection keeps to answer a join's {@code since}
 * @param snapshotEvery a snapshot after this many events, so recovery replays at most that many
 * @param republishEvery how often changes the topic has not confirmed are published again
 * @param confirmWait how long a write waits for the topic's confirmation before it is answered anyway
 */
public record CollectionSettings(int retainedChanges, int snapshotEvery, Duration republishEvery, Duration confirmWait) {

  public CollectionSettings {
    if (retainedChanges < 0 || snapshotEvery < 1) {
      throw new IllegalArgumentException("retained-changes must be >= 0 and snapshot-every >= 1");
    }
  }
}
