package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import java.util.function.Function;

/** A kind's answer to a join. */
public sealed interface JoinOutcome<S> {

  /** {@code accepted} or {@code refused} applied to this outcome; a new kind of outcome changes this signature. */
  <R> R fold(Function<Accepted<S>, R> accepted, Function<Refused<S>, R> refused);

  /**
   * Joined: {@code response} goes into the ok reply, {@code state} is kept for the channel's life.
   * {@code position} is the {@code seq} the response is current at (or -1): collection changes at
   * or below it are already in the response and are not sent again.
   */
  record Accepted<S>(Payload response, S state, long position) implements JoinOutcome<S> {
    public Accepted(Payload response, S state) {
      this(response, state, -1);
    }

    @Override
    public <R> R fold(Function<Accepted<S>, R> accepted, Function<Refused<S>, R> refused) {
      return accepted.apply(this);
    }
  }

  /** Refused: the client gets an error reply {@code {"reason": reason}}. */
  record Refused<S>(String reason) implements JoinOutcome<S> {
    @Override
    public <R> R fold(Function<Accepted<S>, R> accepted, Function<Refused<S>, R> refused) {
      return refused.apply(this);
    }
  }
}
