package dev.kanal.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

  @Test
  void inOrderDeliveryHasNothingToReport() {
    SequenceTracker tracker = record(0, 1, 2, 3);
    assertEquals(0, tracker.lost(4));
    assertEquals(0, tracker.duplicates());
    assertEquals(0, tracker.outOfOrder());
  }

  @Test
  void gapsAreLossesOnceTheExpectedCountIsKnown() {
    SequenceTracker tracker = record(0, 2, 5);
    assertEquals(3, tracker.lost(6));
    assertEquals(0, tracker.outOfOrder());
  }

  @Test
  void aRepeatIsADuplicateAndALateOneIsOutOfOrder() {
    SequenceTracker tracker = record(0, 2, 1, 2, 3);
    assertEquals(0, tracker.lost(4));
    assertEquals(1, tracker.duplicates());
    assertEquals(1, tracker.outOfOrder());
  }

  @Test
  void theLastReceiptTimeIsKept() {
    SequenceTracker tracker = new SequenceTracker();
    tracker.record(0, 10);
    tracker.record(1, 25);
    assertEquals(25, tracker.lastReceivedNanos());
  }

  private static SequenceTracker record(long... seqs) {
    SequenceTracker tracker = new SequenceTracker();
    for (long seq : seqs) {
      tracker.record(seq, 0);
    }
    return tracker;
  }
}
