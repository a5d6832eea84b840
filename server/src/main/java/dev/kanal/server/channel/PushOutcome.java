package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import java.util.concurrent.CompletionStage;

/** A kind's answer to a client push. */
public sealed interface PushOutcome {

  /**
   * Publish to every subscriber of the topic. The sender gets it too only if {@code includeSelf};
   * with {@code ack} the sender gets an ok reply once the topic accepted the message.
   */
  record Relay(String event, Payload payload, boolean includeSelf, boolean ack) implements PushOutcome {}

  /** Answer the sender only. */
  record Respond(Reply.Status status, Payload response) implements PushOutcome {}

  /** Answer the sender once {@code response} completes (e.g. after a write is stored). */
  record Deferred(CompletionStage<Respond> response) implements PushOutcome {}

  /** Do nothing; no reply is sent. */
  record Ignore() implements PushOutcome {}
}
