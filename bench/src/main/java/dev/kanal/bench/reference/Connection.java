package dev.kanal.bench.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One client of the reference server: bytes of a request or frame that has not fully arrived,
 * and bytes the socket could not take yet. Both are usually empty, so an idle socket holds little.
 */
final class Connection {
  /** Frames that may wait for a client that does not read, as Kanal's default outbound buffer. */
  static final int MAX_UNSENT = 4096;
  private static final int MAX_PENDING_INPUT = 1 << 20;

  final SocketChannel channel;
  final SelectionKey key;
  boolean upgraded;
  private ByteBuffer pendingInput;
  private ArrayDeque<ByteBuffer> unsent;

  Connection(SocketChannel channel, SelectionKey key) {
    this.channel = channel;
    this.key = key;
  }

  /** What to parse: {@code fresh} alone, or appended to what was left over from the last read. */
  ByteBuffer input(ByteBuffer fresh) {
    if (pendingInput == null) {
      return fresh;
    }
    ByteBuffer joined = ByteBuffer.allocate(pendingInput.remaining() + fresh.remaining());
    joined.put(pendingInput).put(fresh).flip();
    pendingInput = null;
    return joined;
  }

  /** Keeps the unparsed rest of {@code input} (a copy: the read buffer is shared) for the next read. */
  void keepRest(ByteBuffer input) throws IOException {
    if (!input.hasRemaining()) {
      return;
    }
    if (input.remaining() > MAX_PENDING_INPUT) {
      throw new IOException("unfinished input over " + MAX_PENDING_INPUT + " bytes");
    }
    pendingInput = ByteBuffer.allocate(input.remaining());
    pendingInput.put(input).flip();
  }

  /**
   * One write call for {@code bytes}; what the socket does not take waits, copied, for
   * {@link #flush()}. Throws if the client has fallen {@link #MAX_UNSENT} frames behind.
   */
  void send(ByteBuffer bytes) throws IOException {
    if (unsent == null || unsent.isEmpty()) {
      channel.write(bytes);
      if (!bytes.hasRemaining()) {
        return;
      }
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
    if (unsent == null) {
      unsent = new ArrayDeque<>();
    }
    if (unsent.size() >= MAX_UNSENT) {
      throw new IOException("slow consumer: " + MAX_UNSENT + " frames unsent");
    }
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    unsent.add(copy.put(bytes).flip());
  }

  /** Writes what waited, once the socket can take more. */
  void flush() throws IOException {
    while (unsent != null && !unsent.isEmpty()) {
      ByteBuffer head = unsent.peek();
      channel.write(head);
      if (head.hasRemaining()) {
        return;
      }
      unsent.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  void close() {
    key.cancel();
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a socket that already failed; nothing is left to do with it
    }
  }
}
