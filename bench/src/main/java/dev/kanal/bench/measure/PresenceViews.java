package dev.kanal.bench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.bench.client.FrameListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every client's view of one topic's presence list, kept from {@code presence_state} and
 * {@code presence_diff} frames as phoenix.js keeps it, until each view holds every expected key;
 * and what those frames cost in bytes and frames.
 */
public final class PresenceViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int expectedKeys;
  private final CountDownLatch complete;
  private final AtomicLong lastCompleteNanos = new AtomicLong();
  private final LongAdder stateFrames = new LongAdder();
  private final LongAdder stateBytes = new LongAdder();
  private final LongAdder diffFrames = new LongAdder();
  private final LongAdder diffBytes = new LongAdder();

  /** Views that each wait for {@code expectedKeys} keys; {@code clients} of them must get there. */
  public PresenceViews(int clients, int expectedKeys) {
    this.expectedKeys = expectedKeys;
    this.complete = new CountDownLatch(clients);
  }

  /** One client's view; used on that client's event loop only. */
  public final class View implements FrameListener {
    private final Set<String> keys = new HashSet<>();
    private boolean done;

    @Override
    public void onText(ByteBuf content, long receivedNanos) {
      JsonNode frame;
      try {
        frame = JSON.readTree((InputStream) new ByteBufInputStream(content.duplicate()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String event = frame.path(3).asText();
      JsonNode payload = frame.path(4);
      if (event.equals("presence_state")) {
        stateFrames.increment();
        stateBytes.add(content.readableBytes());
        keys.clear();
        payload.fieldNames().forEachRemaining(keys::add);
      } else if (event.equals("presence_diff")) {
        diffFrames.increment();
        diffBytes.add(content.readableBytes());
        payload.path("joins").fieldNames().forEachRemaining(keys::add);
        payload.path("leaves").fieldNames().forEachRemaining(keys::remove);
      }
      if (!done && keys.size() >= expectedKeys) {
        done = true;
        lastCompleteNanos.accumulateAndGet(receivedNanos, Math::max);
        complete.countDown();
      }
    }
  }

  public View view() {
    return new View();
  }

  /** Waits until every view is complete; false if the time ran out first. */
  public boolean awaitComplete(long nanos) throws InterruptedException {
    return complete.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Adds when the lists converged (seconds after {@code startNanos}) and the traffic per client. */
  public void addTo(Result.Builder result, long startNanos, int clients) {
    if (complete.getCount() == 0) {
      result.figure("converged_s", (lastCompleteNanos.get() - startNanos) / 1e9);
    }
    result.figure("views_complete", clients - complete.getCount());
    result.figure("state_frames", stateFrames.sum());
    result.figure("state_bytes", stateBytes.sum());
    result.figure("diff_frames", diffFrames.sum());
    result.figure("diff_bytes", diffBytes.sum());
    result.figure("frames_per_client", (double) (stateFrames.sum() + diffFrames.sum()) / clients);
    result.figure("bytes_per_client", (double) (stateBytes.sum() + diffBytes.sum()) / clients);
  }
}
