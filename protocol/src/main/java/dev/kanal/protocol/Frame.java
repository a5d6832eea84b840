package dev.kanal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One WebSocket frame's content together with its opcode. */
public sealed interface Frame permits Frame.Text, Frame.Binary {

  /** How many bytes the frame occupies on the wire, for limits and metrics. */
  int byteLength();

  /** A text frame. */
  record Text(String text) implements Frame {
    @Override
    public int byteLength() {
      return text.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  /** A binary frame; the array is copied in and out. */
  record Binary(byte[] bytes) implements Frame {
    public Binary {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public int byteLength() {
      return bytes.length;
    }

    byte[] unsafeBytes() {
      return bytes;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Binary b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Binary[" + bytes.length + " bytes]";
    }
  }
}
