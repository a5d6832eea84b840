package dev.kanal.bench.client;

import io.netty.buffer.ByteBuf;

/**
 * Hears every text frame a socket receives that is not the answer to its join. Called on the
 * socket's event loop thread; {@code content} is valid only during the call.
 */
@FunctionalInterface
public interface FrameListener {
  FrameListener IGNORE = (content, receivedNanos) -> {};

  void onText(ByteBuf content, long receivedNanos);
}
