package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;

/**
 * Server-to-client WebSocket frames as bytes on the wire. A server's frames are never masked, so
 * one broadcast's frame is the same bytes for every subscriber: each I/O thread keeps the last frame
 * it built and hands every socket a view of the same buffer, as a raw socket server would write one
 * pre-built frame. The fan-out delivers one frame to many sockets in a row, so one slot is enough.
 */
final class WireFrames {
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int FIN = 0x80;

  private static final FastThreadLocal<Last> LAST = new FastThreadLocal<>() {
    @Override
    protected Last initialValue() {
      return new Last();
    }
  };

  private WireFrames() {}

  /** The frame's bytes, to be written once and released by the write. Call on an I/O thread. */
  static ByteBuf of(Frame frame, ByteBufAllocator allocator) {
    Last last = LAST.get();
    if (last.frame != frame) {
      if (last.bytes != null) {
        last.bytes.release();
      }
      last.bytes = encode(frame, allocator);
      last.frame = frame;
    }
    return last.bytes.retainedDuplicate();
  }

  static ByteBuf encode(Frame frame, ByteBufAllocator allocator) {
    byte[] payload = frame instanceof Frame.Text text
        ? text.text().getBytes(StandardCharsets.UTF_8)
        : ((Frame.Binary) frame).bytes().toArray();
    int opcode = frame instanceof Frame.Text ? TEXT : BINARY;
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf out = allocator.directBuffer(header + length);
    out.writeByte(FIN | opcode);
    if (length < 126) {
      out.writeByte(length);
    } else if (length <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(length);
    } else {
      out.writeByte(127);
      out.writeLong(length);
    }
    return out.writeBytes(payload);
  }

  private static final class Last {
    private Frame frame;
    private ByteBuf bytes;
  }
}
