package dev.kanal.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kanal.protocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Kanal's own frame bytes against Netty's server-side encoder, at every length-header boundary. */
class WireFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
  void textFramesAreTheBytesNettysEncoderWrites(int length) {
    String text = "x".repeat(length);
    assertArrayEquals(netty(new TextWebSocketFrame(text)), kanal(new Frame.Text(text)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 125, 126, 65536})
  void binaryFramesAreTheBytesNettysEncoderWrites(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 7);
    assertArrayEquals(netty(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))), kanal(new Frame.Binary(bytes)));
  }

  @Test
  void aFrameSentToManySocketsIsBuiltOnceAndSharedOnAThread() {
    Frame frame = new Frame.Text("[null,null,\"room:a\",\"shout\",{}]");
    ByteBuf first = WireFrames.of(frame, ByteBufAllocator.DEFAULT);
    ByteBuf second = WireFrames.of(frame, ByteBufAllocator.DEFAULT);
    assertEquals(first.unwrap(), second.unwrap(), "both are views of one buffer");
    first.release();
    second.release();
    ByteBuf other = WireFrames.of(new Frame.Text("[]"), ByteBufAllocator.DEFAULT);
    assertEquals(4, other.readableBytes());
    other.release();
  }

  private static byte[] kanal(Frame frame) {
    ByteBuf bytes = WireFrames.encode(frame, ByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(bytes);
    } finally {
      bytes.release();
    }
  }

  private static byte[] netty(WebSocketFrame frame) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    channel.writeOutbound(frame);
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
      all.writeBytes(part);
      part.release();
    }
    channel.finishAndReleaseAll();
    return ByteBufUtil.getBytes(all);
  }
}
