package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;

/** A kind's answer to a join. */
public sealed interface JoinOutcome<S> {

  /**
   * Joined: {@code response} goes into the ok reply, {@code state} is kept for the channel's life.
   * {@code position} is the {@code seq} the response is current at (or -1): collection changes at
   * or below it are already in the response and are not sent again.
   */
  record Accepted<S>(Payload response, S state, long position) implements JoinOutcome<S> {
    public Accepted(Payload response, S state) {
      this(response, state, -1);
    }
  }

  /** Refused: the client gets an error reply {@code {"reason": reason}}. */
  record Refused<S>(String reason) implements JoinOutcome<S> {}
}
