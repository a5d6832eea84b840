package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.session.CloseCode;
import dev.kanal.server.session.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A socket's Netty channel as its actor sees it. The actor queues frames from its own thread; the
 * channel's I/O thread drains the queue, writes every frame it holds and flushes once, so a burst
 * for one client leaves in one system call. Frames wait in the queue while the client reads slower
 * than they come; past {@code outbound-buffer} of them the client is dropped as a slow consumer.
 *
 * <p>A broadcast reaches every socket in turn, long after each one's objects left the CPU caches,
 * so a delivery costs about one memory fetch per object it touches: the counters are fields of
 * this object, it is itself the I/O thread's task, and frames enter the pipeline at its
 * {@link WireEntry}.
 */
final class NettyConnection implements Connection, Runnable {
  /** Inbound frames the actor may have unhandled before the connection stops reading. */
  static final int INBOUND_WINDOW = 8;

  private static final AtomicIntegerFieldUpdater<NettyConnection> WAITING =
      AtomicIntegerFieldUpdater.newUpdater(NettyConnection.class, "waiting");
  private static final AtomicIntegerFieldUpdater<NettyConnection> UNHANDLED =
      AtomicIntegerFieldUpdater.newUpdater(NettyConnection.class, "unhandled");
  private static final AtomicIntegerFieldUpdater<NettyConnection> CLOSING =
      AtomicIntegerFieldUpdater.newUpdater(NettyConnection.class, "closing");

  private final Channel channel;
  private final EventLoop loop;
  private final ChannelHandlerContext wire;
  private final int outboundLimit;
  private final KanalMetrics metrics;
  private final Queue<Frame> queued = new ConcurrentLinkedQueue<>();
  /** Frames queued and not yet drained; the send that makes it 1 schedules the drain. */
  private volatile int waiting;
  private volatile int unhandled;
  /** 1 once the connection is closing: nothing more is queued. */
  private volatile int closing;

  NettyConnection(Channel channel, int outboundLimit, KanalMetrics metrics) {
    this.channel = channel;
    this.loop = channel.eventLoop();
    this.wire = WireEntry.of(channel);
    this.outboundLimit = outboundLimit;
    this.metrics = metrics;
  }

  @Override
  public void send(Frame frame) {
    if (closing != 0) {
      return;
    }
    queued.offer(frame);
    int before = WAITING.getAndIncrement(this);
    if (before == 0) {
      loop.execute(this);
    } else if (before >= outboundLimit && CLOSING.compareAndSet(this, 0, 1)) {
      metrics.closed(KanalMetrics.Close.SLOW_CONSUMER);
      channel.close();
    }
  }

  /** The I/O thread's task, scheduled by the send that finds nothing waiting. */
  @Override
  public void run() {
    drain();
  }

  /** Runs on the I/O thread, and again when the channel becomes writable after a full buffer. */
  void drain() {
    int written = writeQueued(true);
    if (written > 0) {
      wire.flush();
    }
    if (WAITING.addAndGet(this, -written) > 0 && channel.isWritable()) {
      loop.execute(this);
    }
  }

  @Override
  public void close(CloseCode code, String reason) {
    if (CLOSING.compareAndSet(this, 0, 1)) {
      loop.execute(() -> {
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
      wire.write(WireFrames.of(frame, channel.alloc()), wire.voidPromise());
      written++;
    }
    return written;
  }

  /** A frame came in for the actor; reading pauses while the actor has a window of them unhandled. */
  void received() {
    UNHANDLED.incrementAndGet(this);
    readWhileWindowOpen();
  }

  @Override
  public void handled() {
    if (UNHANDLED.getAndDecrement(this) >= INBOUND_WINDOW) {
      loop.execute(this::readWhileWindowOpen);
    }
  }

  /** Decided on the I/O thread only, from the count at that moment, so no pause outlives its cause. */
  private void readWhileWindowOpen() {
    channel.config().setAutoRead(unhandled < INBOUND_WINDOW);
  }
}
