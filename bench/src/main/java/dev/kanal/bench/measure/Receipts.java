package dev.kanal.bench.measure;

import dev.kanal.bench.client.FrameListener;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What subscribers received of the stamped messages: end-to-end latency, and per subscriber
 * losses, duplicates and reordering. Only subscribers whose join succeeded are counted, so a
 * failed join shows as a failed join, not as lost messages. Messages with a negative sequence
 * number are warm-up: counted apart, never measured.
 */
public final class Receipts {
  private final LongAdder received = new LongAdder();
  private final LongAdder warmupsReceived = new LongAdder();
  private final Latencies latencies = new Latencies();

  /** One subscriber's listener; frames without a stamp (replies, heartbeats) are ignored. */
  public final class Subscriber implements FrameListener {
    private final SequenceTracker tracker = new SequenceTracker();

    @Override
    public void onText(ByteBuf content, long receivedNanos) {
      Stamp stamp = Stamp.find(content);
      if (stamp != null && stamp.seq() < 0) {
        warmupsReceived.increment();
      } else if (stamp != null) {
        latencies.record(receivedNanos - stamp.sentNanos());
        tracker.record(stamp.seq(), receivedNanos);
        received.increment();
      }
    }
  }

  public Subscriber subscriber() {
    return new Subscriber();
  }

  public long received() {
    return received.sum();
  }

  public long warmupsReceived() {
    return warmupsReceived.sum();
  }

  /** When the last message reached any of {@code subscribers}; 0 if none did. */
  public static long lastReceivedNanos(List<Subscriber> subscribers) {
    return subscribers.stream().mapToLong(s -> s.tracker.lastReceivedNanos()).max().orElse(0);
  }

  /**
   * Adds latency and the counts for messages {@code 0..expected-1} over {@code subscribers}.
   * Reordering is reported only when {@code ordered}: concurrent writers give no order to expect.
   */
  public void addTo(Result.Builder result, String latencyName, int expected, boolean ordered,
      List<Subscriber> subscribers) {
    latencies.addTo(result, latencyName);
    long lost = 0;
    long duplicates = 0;
    long outOfOrder = 0;
    int subscribersShort = 0;
    for (Subscriber subscriber : subscribers) {
      int missing = subscriber.tracker.lost(expected);
      lost += missing;
      subscribersShort += missing > 0 ? 1 : 0;
      duplicates += subscriber.tracker.duplicates();
      outOfOrder += subscriber.tracker.outOfOrder();
    }
    result.figure("received", received());
    result.figure("lost", lost);
    result.figure("duplicates", duplicates);
    if (ordered) {
      result.figure("out_of_order", outOfOrder);
    }
    if (lost > 0) {
      result.problem(subscribersShort + " subscribers missed " + lost + " messages in all");
    }
    if (duplicates > 0) {
      result.problem(duplicates + " duplicate deliveries");
    }
    if (ordered && outOfOrder > 0) {
      result.problem(outOfOrder + " deliveries out of order");
    }
  }
}
