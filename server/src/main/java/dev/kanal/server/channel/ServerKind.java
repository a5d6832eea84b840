package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kind {@code server}: subscribers only listen (displays, notifications); messages come from the
 * server side, and client pushes are refused.
 */
public final class ServerKind implements ChannelKind<Void> {

  @Override
  public CompletionStage<JoinOutcome<Void>> join(JoinRequest request) {
    return CompletableFuture.completedFuture(new JoinOutcome.Accepted<>(Payload.EMPTY, null));
  }

  @Override
  public PushOutcome handlePush(PushRequest request, Void state) {
    return new PushOutcome.Respond(
        Reply.Status.ERROR, Replies.reason("this topic only receives messages from the server"));
  }
}
