package dev.kanal.server.channel;

import java.util.concurrent.CompletionStage;

/**
 * What a kind of topic does: the Kanal counterpart of a Phoenix channel module.
 *
 * <p>A kind is named by a channel rule's {@code kind} (a built-in name or a class name with a
 * public no-argument constructor) and shared by every socket on the node, so it must be
 * thread-safe; per-channel data lives in the state {@code S} that {@link #join} returns. Join rules
 * ({@code join = …}) are checked before {@link #join} is called.
 *
 * @param <S> what one joined channel remembers, handed back on every push
 */
public interface ChannelKind<S> {

  /** Accepts or refuses a join; may complete later (e.g. after loading data). */
  CompletionStage<JoinOutcome<S>> join(JoinRequest request);

  /**
   * Whether the socket subscribes to the topic before calling {@link #join}, holding what arrives
   * until the reply is sent. A kind whose reply is a read of changing data needs this, so that no
   * change falls between the read and the subscription.
   */
  default boolean subscribesFirst() {
    return false;
  }

  /** Handles a client push on a joined channel; runs on the socket's actor, so keep it quick. */
  PushOutcome handlePush(PushRequest request, S state);

  /**
   * Handles a message published by the server side (e.g. {@code POST /api/broadcast}) before it fans
   * out to every subscriber. The default delivers it unchanged.
   */
  default ServerOutcome handleServerMessage(ServerMessage message) {
    return new ServerOutcome.Deliver(message.event(), message.payload());
  }
}
