package dev.kanal.protocol;

import java.nio.charset.StandardCharsets;

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

  /** A binary frame. */
  record Binary(Bytes bytes) implements Frame {
    public Binary(byte[] bytes) {
      this(Bytes.copyOf(bytes));
    }

    @Override
    public int byteLength() {
      return bytes.length();
    }
  }
}
