package dev.kanal.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: joins once, keeps itself alive and hands what it receives to its
 * listener. Its state is touched only on its channel's event loop, so it needs no locks.
 */
public final class BenchSocket {
  /** phoenix.js heartbeats every 30 s; Kanal closes a socket silent for 60 s. */
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(30);

  private final Channel channel;
  private final Dialect dialect;
  private final FrameListener listener;
  private long nextRef = 1;
  private PendingJoin pending;
  /** Set when this side closes, so the close is not counted as the server's. */
  private volatile boolean closedHere;

  private record PendingJoin(String ref, long sentNanos, CompletableFuture<Long> answered) {}

  BenchSocket(Channel channel, Dialect dialect, FrameListener listener) {
    this.channel = channel;
    this.dialect = dialect;
    this.listener = listener;
  }

  /**
   * Joins {@code topic}; completes with the nanoseconds from sending the join to its ok answer, or
   * fails with the server's reason.
   */
  public CompletableFuture<Long> join(String topic, String payloadJson) {
    CompletableFuture<Long> answered = new CompletableFuture<>();
    channel.eventLoop().execute(() -> {
      String ref = nextRef();
      pending = new PendingJoin(ref, System.nanoTime(), answered);
      channel.writeAndFlush(new TextWebSocketFrame(dialect.join(ref, topic, payloadJson)));
    });
    return answered;
  }

  public void send(String text) {
    channel.writeAndFlush(new TextWebSocketFrame(text));
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Closes the connection; completes once it is closed on this side. */
  public CompletableFuture<Void> close() {
    closedHere = true;
    CompletableFuture<Void> closed = new CompletableFuture<>();
    channel.close().addListener(done -> closed.complete(null));
    return closed;
  }

  void startHeartbeat() {
    long every = HEARTBEAT_EVERY.toMillis();
    channel.eventLoop().scheduleAtFixedRate(
        () -> dialect.heartbeat(nextRef()).ifPresent(this::send), every, every, TimeUnit.MILLISECONDS);
  }

  /** Only a frame that arrives while a join is pending is decoded here; the rest go straight on. */
  void onText(ByteBuf content, long receivedNanos) {
    if (pending != null) {
      JoinAnswer answer = dialect.answer(content.toString(StandardCharsets.UTF_8), pending.ref());
      if (answer instanceof JoinAnswer.Accepted) {
        pending.answered().complete(receivedNanos - pending.sentNanos());
        pending = null;
        return;
      }
      if (answer instanceof JoinAnswer.Refused refused) {
        pending.answered().completeExceptionally(new JoinRefused(refused.reason()));
        pending = null;
        return;
      }
    }
    listener.onText(content, receivedNanos);
  }

  boolean closedHere() {
    return closedHere;
  }

  void onClosed() {
    if (pending != null) {
      pending.answered().completeExceptionally(new JoinRefused("socket closed before the join was answered"));
      pending = null;
    }
  }

  private String nextRef() {
    return Long.toString(nextRef++);
  }

  /** A join the server refused or never answered; the message is the reason. */
  public static final class JoinRefused extends RuntimeException {
    JoinRefused(String reason) {
      super(reason, null, false, false);
    }
  }
}
