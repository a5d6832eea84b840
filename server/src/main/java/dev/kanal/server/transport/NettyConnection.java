package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.socket.CloseCode;
import dev.kanal.server.socket.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket's Netty channel as its actor sees it. The actor queues frames from its own thread; the
 * channel's I/O thread drains the queue, writes every frame it holds and flushes once, so a burst
 * for one client leaves in one system call. Frames wait in the queue while the client reads slower
 * than they come; past {@code outbound-buffer} of them the client is dropped as a slow consumer.
 */
final class NettyConnection implements Connection {
  /** Inbound frames the actor may have unhandled before the connection stops reading. */
  static final int INBOUND_WINDOW = 8;

  private final Channel channel;
  private final int outboundLimit;
  private final KanalMetrics metrics;
  private final Queue<Frame> queued = new ConcurrentLinkedQueue<>();
  /** Frames queued and not yet drained; the send that makes it 1 schedules the drain. */
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger unhandled = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Runnable drain = this::drain;

  NettyConnection(Channel channel, int outboundLimit, KanalMetrics metrics) {
    this.channel = channel;
    this.outboundLimit = outboundLimit;
    this.metrics = metrics;
  }

  @Override
  public void send(Frame frame) {
    if (closing.get()) {
      return;
    }
    queued.offer(frame);
    int before = waiting.getAndIncrement();
    if (before == 0) {
      channel.eventLoop().execute(drain);
    } else if (before >= outboundLimit && closing.compareAndSet(false, true)) {
      metrics.closed(KanalMetrics.Close.SLOW_CONSUMER);
      channel.close();
    }
  }

  /** Runs on the I/O thread, and again when the channel becomes writable after a full buffer. */
  void drain() {
    int written = writeQueued(true);
    if (written > 0) {
      channel.flush();
    }
    if (waiting.addAndGet(-written) > 0 && channel.isWritable()) {
      channel.eventLoop().execute(drain);
    }
  }

  @Override
  public void close(CloseCode code, String reason) {
    if (closing.compareAndSet(false, true)) {
      channel.eventLoop().execute(() -> {
        // What is queued goes out before the close frame, whether the client reads fast or not.
        writeQueued(false);
        channel.writeAndFlush(new CloseWebSocketFrame(code.code(), reason)).addListener(ChannelFutureListener.CLOSE);
      });
    }
  }

  /** Writes queued frames, without flushing, while the channel takes more or regardless; how many. */
  private int writeQueued(boolean whileWritable) {
    int written = 0;
    Frame frame;
    while ((!whileWritable || channel.isWritable()) && (frame = queued.poll()) != null) {
      channel.write(WireFrames.of(frame, channel.alloc()), channel.voidPromise());
      written++;
    }
    return written;
  }

  /** A frame came in for the actor; reading pauses while the actor has a window of them unhandled. */
  void received() {
    unhandled.incrementAndGet();
    readWhileWindowOpen();
  }

  @Override
  public void handled() {
    if (unhandled.getAndDecrement() >= INBOUND_WINDOW) {
      channel.eventLoop().execute(this::readWhileWindowOpen);
    }
  }

  /** Decided on the I/O thread only, from the count at that moment, so no pause outlives its cause. */
  private void readWhileWindowOpen() {
    channel.config().setAutoRead(unhandled.get() < INBOUND_WINDOW);
  }
}
