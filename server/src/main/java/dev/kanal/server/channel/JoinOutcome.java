package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;

/** A kind's answer to a join. */
public sealed interface JoinOutcome<S> {

  /** Joined: {@code response} goes into the ok reply, {@code state} is kept for the channel's life. */
  record Accepted<S>(Payload response, S state) implements JoinOutcome<S> {}

  /** Refused: the client gets an error reply {@code {"reason": reason}}. */
  record Refused<S>(String reason) implements JoinOutcome<S> {}
}
