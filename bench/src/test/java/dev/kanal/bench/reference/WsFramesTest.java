package dev.kanal.bench.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsFramesTest {

  @Test
  void aShortTextFrameHasATwoByteHeader() {
    byte[] frame = WsFrames.encode(WsFrames.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII));
    // RFC 6455 section 5.7: a single-frame unmasked text message
    assertArrayEquals(new byte[] {(byte) 0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}, frame);
  }

  @Test
  void aFrameOf126BytesOrMoreCarriesASixteenBitLength() {
    byte[] frame = WsFrames.encode(WsFrames.TEXT, new byte[300]);
    assertEquals((byte) 0x81, frame[0]);
    assertEquals(126, frame[1]);
    assertEquals(300, ((frame[2] & 0xff) << 8) | (frame[3] & 0xff));
    assertEquals(4 + 300, frame.length);
  }

  @Test
  void aFrameOver65535BytesCarriesASixtyFourBitLength() {
    byte[] frame = WsFrames.encode(WsFrames.TEXT, new byte[70_000]);
    assertEquals(127, frame[1]);
    assertEquals(70_000, ByteBuffer.wrap(frame, 2, 8).getLong());
    assertEquals(10 + 70_000, frame.length);
  }

  @Test
  void aMaskedClientFrameIsUnmasked() throws IOException {
    // RFC 6455 section 5.7: a single-frame masked text message, "Hello"
    ByteBuffer in = ByteBuffer.wrap(new byte[] {
      (byte) 0x81, (byte) 0x85, // FIN + text, masked + length 5
      0x37, (byte) 0xfa, 0x21, 0x3d, // mask
      0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58 // masked "Hello"
    });
    WsFrames.ClientFrame frame = WsFrames.decode(in, 1024);
    assertTrue(frame.fin());
    assertEquals(WsFrames.TEXT, frame.opcode());
    assertEquals("Hello", new String(frame.payload(), StandardCharsets.US_ASCII));
    assertEquals(0, in.remaining());
  }

  @Test
  void aPartialFrameIsLeftForTheNextRead() throws IOException {
    ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f});
    assertNull(WsFrames.decode(in, 1024));
    assertEquals(0, in.position());
  }

  @Test
  void twoFramesInOneReadComeOutOneAfterTheOther() throws IOException {
    ByteBuffer in = ByteBuffer.allocate(32);
    in.put(new byte[] {(byte) 0x89, 0x00}); // ping, unmasked, empty
    in.put(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}); // close 1000, zero mask
    in.flip();
    assertEquals(WsFrames.PING, WsFrames.decode(in, 1024).opcode());
    WsFrames.ClientFrame close = WsFrames.decode(in, 1024);
    assertEquals(WsFrames.CLOSE, close.opcode());
    assertArrayEquals(new byte[] {0x03, (byte) 0xe8}, close.payload());
  }

  @Test
  void aFrameOverTheLimitIsRefused() {
    ByteBuffer in = ByteBuffer.wrap(WsFrames.encode(WsFrames.TEXT, new byte[2000]));
    assertThrows(IOException.class, () -> WsFrames.decode(in, 1024));
  }
}
