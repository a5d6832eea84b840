package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A user kind as a rule names it by class: answers every push with the pushed payload. */
public final class EchoKind implements ChannelKind<String> {

  @Override
  public CompletionStage<JoinOutcome<String>> join(JoinRequest request) {
    return CompletableFuture.completedFuture(new JoinOutcome.Accepted<>(Payload.EMPTY, request.topic()));
  }

  @Override
  public PushOutcome handlePush(PushRequest request, String joinedTopic) {
    return new PushOutcome.Respond(Reply.Status.OK, request.payload());
  }
}
