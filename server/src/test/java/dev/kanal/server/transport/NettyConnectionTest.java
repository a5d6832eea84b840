package dev.kanal.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.protocol.Frame;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.session.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection a socket actor writes to, on an in-memory channel whose I/O thread the test runs. */
class NettyConnectionTest {
  final KanalMetrics metrics = new KanalMetrics();
  final List<Integer> flushes = new ArrayList<>();
  final EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
    int written;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      written++;
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushes.add(written);
      written = 0;
      ctx.flush();
    }
  });

  NettyConnectionTest() {
    WireEntry.addTo(channel.pipeline());
  }

  @AfterEach
  void release() {
    channel.finishAndReleaseAll();
  }

  @Test
  void framesQueuedInABurstLeaveInOrderWithOneFlush() {
    NettyConnection connection = new NettyConnection(channel, 100, metrics);
    for (int i = 0; i < 5; i++) {
      connection.send(new Frame.Text("frame " + i));
    }
    channel.runPendingTasks();
    assertEquals(List.of(5), flushes, "five frames, one flush");
    for (int i = 0; i < 5; i++) {
      assertEquals("frame " + i, payload(channel.readOutbound()));
    }
  }

  @Test
  void aClientThatLetsFramesPileUpPastTheBufferIsDropped() {
    NettyConnection connection = new NettyConnection(channel, 3, metrics);
    for (int i = 0; i < 3; i++) {
      connection.send(new Frame.Text("frame " + i));
      assertTrue(channel.isOpen(), "within the buffer after " + (i + 1));
    }
    connection.send(new Frame.Text("one too many"));
    assertFalse(channel.isOpen());
  }

  @Test
  void closeSendsWhatIsQueuedThenTheCloseFrameThenCloses() {
    NettyConnection connection = new NettyConnection(channel, 100, metrics);
    connection.send(new Frame.Text("last words"));
    connection.close(CloseCode.MESSAGE_TOO_BIG, "too big");
    connection.send(new Frame.Text("after the close"));
    channel.runPendingTasks();
    assertEquals("last words", payload(channel.readOutbound()));
    CloseWebSocketFrame close = channel.readOutbound();
    assertEquals(1009, close.statusCode());
    assertEquals("too big", close.reasonText());
    close.release();
    assertNull(channel.readOutbound(), "nothing goes out after the close frame");
    assertFalse(channel.isOpen());
  }

  @Test
  void framesEnterAtTheWireEntryAndOnlyTheCloseFramePassesTheCodecsAfterIt() {
    List<Object> throughCodecs = new ArrayList<>();
    channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        throughCodecs.add(msg);
        ctx.write(msg, promise);
      }
    });
    NettyConnection connection = new NettyConnection(channel, 100, metrics);
    connection.send(new Frame.Text("framed already"));
    connection.close(CloseCode.NORMAL, "bye");
    channel.runPendingTasks();
    assertEquals("framed already", payload(channel.readOutbound()));
    ((CloseWebSocketFrame) channel.readOutbound()).release();
    assertEquals(1, throughCodecs.size(), "only the close frame passed the handlers after the entry");
    assertTrue(throughCodecs.get(0) instanceof CloseWebSocketFrame);
  }

  @Test
  void readingPausesWhileTheActorHasAWindowOfFramesUnhandled() {
    NettyConnection connection = new NettyConnection(channel, 100, metrics);
    for (int i = 0; i < NettyConnection.INBOUND_WINDOW; i++) {
      assertTrue(channel.config().isAutoRead());
      connection.received();
    }
    assertFalse(channel.config().isAutoRead());
    connection.handled();
    channel.runPendingTasks();
    assertTrue(channel.config().isAutoRead());
  }

  /** A written frame's payload; the test's frames are short, so the header is two bytes. */
  private static String payload(ByteBuf frame) {
    try {
      return frame.toString(2, frame.readableBytes() - 2, StandardCharsets.UTF_8);
    } finally {
      frame.release();
    }
  }
}
