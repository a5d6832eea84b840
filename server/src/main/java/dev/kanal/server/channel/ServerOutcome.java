package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;

/** A kind's answer to a server-side message. */
public sealed interface ServerOutcome {

  /** Fan {@code event} with {@code payload} out to every subscriber. */
  record Deliver(String event, Payload payload) implements ServerOutcome {}

  /** Refuse it; the publisher is told {@code reason}. */
  record Reject(String reason) implements ServerOutcome {}
}
