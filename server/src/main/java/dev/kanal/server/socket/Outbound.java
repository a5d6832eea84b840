package dev.kanal.server.socket;

import dev.kanal.protocol.Frame;

/** What a socket actor hands to its connection's outgoing stream. */
public sealed interface Outbound {

  record Send(Frame frame) implements Outbound {}

  /** Flushes what is queued, then closes the connection. */
  enum Close implements Outbound {
    INSTANCE
  }
}
