package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import java.util.concurrent.CompletionStage;

/** A kind's answer to a client push. */
public sealed interface PushOutcome {

  /** Hands this outcome to the {@code handler} method for its kind. */
  void handleWith(Handler handler);

  /** One method per kind of outcome, so that a new kind fails to compile until the session handles it. */
  interface Handler {
    void relay(Relay relay);

    void respond(Respond respond);

    void deferred(Deferred deferred);

    void ignore(Ignore ignore);
  }

  /**
   * Publish to every subscriber of the topic. The sender gets it too only if {@code includeSelf};
   * with {@code ack} the sender gets an ok reply once the topic accepted the message.
   */
  record Relay(String event, Payload payload, boolean includeSelf, boolean ack) implements PushOutcome {
    @Override
    public void handleWith(Handler handler) {
      handler.relay(this);
    }
  }

  /** Answer the sender only. */
  record Respond(Reply.Status status, Payload response) implements PushOutcome {
    @Override
    public void handleWith(Handler handler) {
      handler.respond(this);
    }
  }

  /** Answer the sender once {@code response} completes (e.g. after a write is stored). */
  record Deferred(CompletionStage<Respond> response) implements PushOutcome {
    @Override
    public void handleWith(Handler handler) {
      handler.deferred(this);
    }
  }

  /** Do nothing; no reply is sent. */
  record Ignore() implements PushOutcome {
    @Override
    public void handleWith(Handler handler) {
      handler.ignore(this);
    }
  }
}
