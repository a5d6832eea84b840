package dev.kanal.bench.measure;

import io.netty.buffer.ByteBuf;

/** Finds bytes in a received frame without decoding it. */
final class ByteSearch {
  private ByteSearch() {}

  /** The index of the first {@code needle} in {@code frame}'s readable bytes, or -1. */
  static int indexOf(ByteBuf frame, byte[] needle) {
    int last = frame.writerIndex() - needle.length;
    outer:
    for (int i = frame.readerIndex(); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (frame.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
