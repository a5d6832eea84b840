package dev.kanal.server.dialect;

import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;

/** What a session tells one client, for its dialect to put into frames. */
public sealed interface ServerEvent {

  /** What {@code encoder} makes of this event. */
  <R> R encodeWith(Encoder<R> encoder);

  /** One method per kind of event, so that a new kind fails to compile until every dialect encodes it. */
  interface Encoder<R> {
    R answered(Answered answered);

    R refused(Refused refused);

    R closed(Closed closed);

    R pushed(Pushed pushed);

    R closing(Closing closing);
  }

  /** The answer to a client command; {@code response} is the channel kind's or empty. */
  record Answered(ClientRef to, Reply.Status status, Payload response) implements ServerEvent {
    @Override
    public <R> R encodeWith(Encoder<R> encoder) {
      return encoder.answered(this);
    }
  }

  /** A refusal of a client command, with a reason fit to show. */
  record Refused(ClientRef to, String reason) implements ServerEvent {
    @Override
    public <R> R encodeWith(Encoder<R> encoder) {
      return encoder.refused(this);
    }
  }

  /** The server ended the subscription {@code of}, for {@code why}. */
  record Closed(ClientRef of, CloseCause why) implements ServerEvent {
    @Override
    public <R> R encodeWith(Encoder<R> encoder) {
      return encoder.closed(this);
    }
  }

  /** A message for one subscription only (Phoenix's {@code push/3}), such as a joiner's presence state. */
  record Pushed(ClientRef to, String event, Payload payload) implements ServerEvent {
    @Override
    public <R> R encodeWith(Encoder<R> encoder) {
      return encoder.pushed(this);
    }
  }

  /** The server is about to close the socket, for {@code reason}. */
  record Closing(String reason) implements ServerEvent {
    @Override
    public <R> R encodeWith(Encoder<R> encoder) {
      return encoder.closing(this);
    }
  }

  /** Why the server ends a subscription. */
  enum CloseCause {
    /** The client left it. */
    LEFT,
    /** The client joined its topic again; the new join replaces it. */
    REPLACED,
    /** The socket's token expired and the channel's rule does not let an anonymous client in. */
    TOKEN_EXPIRED
  }
}
