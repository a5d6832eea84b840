package dev.kanal.bench.measure;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The sequence number and send time a bench message carries in its payload, as
 * {@code {"bench_seq":n,"bench_sent_ns":t,"pad":"…"}}. The time is the load generator's own
 * {@link System#nanoTime()}: the generator both publishes and receives, so one clock measures the
 * whole trip.
 */
public record Stamp(long seq, long sentNanos) {
  private static final byte[] SEQ = "\"bench_seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SENT = "\"bench_sent_ns\":".getBytes(StandardCharsets.US_ASCII);

  /** Stamps message {@code seq} with the time now. */
  public static Stamp now(long seq) {
    return new Stamp(seq, System.nanoTime());
  }

  /** The JSON object, padded to {@code bytes} when it is shorter. */
  public String json(int bytes) {
    String head = "{\"bench_seq\":" + seq + ",\"bench_sent_ns\":" + sentNanos + ",\"pad\":\"";
    String tail = "\"}";
    return head + "x".repeat(Math.max(0, bytes - head.length() - tail.length())) + tail;
  }

  /**
   * Finds the stamp in a received frame, wherever the server put the payload (a broadcast's
   * payload, a change's record), without decoding the frame: the receiving side must keep up with
   * every subscriber at once. Null if the frame carries none.
   */
  public static Stamp find(ByteBuf frame) {
    int seq = ByteSearch.indexOf(frame, SEQ);
    int sent = ByteSearch.indexOf(frame, SENT);
    if (seq < 0 || sent < 0) {
      return null;
    }
    return new Stamp(number(frame, seq + SEQ.length), number(frame, sent + SENT.length));
  }

  private static long number(ByteBuf frame, int at) {
    int i = at;
    while (i < frame.writerIndex() && frame.getByte(i) == ' ') {
      i++;
    }
    boolean negative = i < frame.writerIndex() && frame.getByte(i) == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    for (; i < frame.writerIndex(); i++) {
      byte b = frame.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
    }
    return negative ? -value : value;
  }
}
