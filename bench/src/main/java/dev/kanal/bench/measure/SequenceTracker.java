package dev.kanal.bench.measure;

import java.util.BitSet;

/**
 * What one subscriber received of the messages numbered from 0: duplicates and out-of-order
 * arrivals as they come, losses once the expected count is known. Used by one thread.
 */
public final class SequenceTracker {
  private final BitSet seen = new BitSet();
  private long highest = -1;
  private int duplicates;
  private int outOfOrder;
  private long lastReceivedNanos;

  public void record(long seq, long receivedNanos) {
    lastReceivedNanos = receivedNanos;
    if (seq < 0 || seq > Integer.MAX_VALUE) {
      duplicates++;
      return;
    }
    if (seen.get((int) seq)) {
      duplicates++;
      return;
    }
    seen.set((int) seq);
    if (seq < highest) {
      outOfOrder++;
    }
    highest = Math.max(highest, seq);
  }

  /** How many of messages {@code 0..expected-1} never arrived. */
  public int lost(int expected) {
    return expected - seen.get(0, expected).cardinality();
  }

  public int duplicates() {
    return duplicates;
  }

  public int outOfOrder() {
    return outOfOrder;
  }

  /** When the last message arrived, in {@link System#nanoTime()}; 0 if none did. */
  public long lastReceivedNanos() {
    return lastReceivedNanos;
  }
}
