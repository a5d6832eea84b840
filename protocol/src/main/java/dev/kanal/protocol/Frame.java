package dev.kanal.protocol;

/** One WebSocket frame's content together with its opcode. */
public sealed interface Frame permits Frame.Text, Frame.Binary {

  /** A text frame. */
  record Text(String text) implements Frame {}

  /** A binary frame. */
  record Binary(Bytes bytes) implements Frame {
    public Binary(byte[] bytes) {
      this(Bytes.copyOf(bytes));
    }
  }
}
