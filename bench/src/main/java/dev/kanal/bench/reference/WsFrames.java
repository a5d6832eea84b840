package dev.kanal.bench.reference;

import java.io.IOException;
import java.nio.ByteBuffer;

/** RFC 6455 framing, just what the reference server needs: unmasked frames out, masked frames in. */
final class WsFrames {
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  private static final int FIN = 0x80;
  private static final int MASKED = 0x80;

  private WsFrames() {}

  /** A frame from a client, unmasked. */
  record ClientFrame(boolean fin, int opcode, byte[] payload) {}

  /** One final, unmasked server frame. */
  static byte[] encode(int opcode, byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + length);
    frame.put((byte) (FIN | opcode));
    if (length < 126) {
      frame.put((byte) length);
    } else if (length <= 0xFFFF) {
      frame.put((byte) 126).putShort((short) length);
    } else {
      frame.put((byte) 127).putLong(length);
    }
    return frame.put(payload).array();
  }

  /**
   * Reads one frame from {@code in}, or returns null and leaves {@code in} untouched if it holds
   * only part of one.
   */
  static ClientFrame decode(ByteBuffer in, int maxPayload) throws IOException {
    int start = in.position();
    if (in.remaining() < 2) {
      return null;
    }
    int b0 = in.get(start) & 0xFF;
    int b1 = in.get(start + 1) & 0xFF;
    boolean masked = (b1 & MASKED) != 0;
    int length7 = b1 & 0x7F;
    int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    int header = 2 + extended + (masked ? 4 : 0);
    if (in.remaining() < header) {
      return null;
    }
    long length = length7 == 126 ? in.getShort(start + 2) & 0xFFFF : length7 == 127 ? in.getLong(start + 2) : length7;
    if (length < 0 || length > maxPayload) {
      throw new IOException("client frame of " + length + " bytes exceeds " + maxPayload);
    }
    if (in.remaining() < header + length) {
      return null;
    }
    byte[] payload = new byte[(int) length];
    in.position(start + header);
    in.get(payload);
    if (masked) {
      int mask = start + 2 + extended;
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= in.get(mask + (i & 3));
      }
    }
    return new ClientFrame((b0 & FIN) != 0, b0 & 0x0F, payload);
  }
}
