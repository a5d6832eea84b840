package dev.kanal.server.channel;

import dev.kanal.protocol.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands for a contract kind ({@code collection}) that a node builds itself, where none was provided,
 * so that rules naming it load and every join gets a clear refusal instead of a silent failure.
 */
final class UnavailableKind implements ChannelKind<Void> {
  private final String reason;

  UnavailableKind(String name) {
    this.reason = "channel kind " + name + " is not available on this server";
  }

  @Override
  public CompletionStage<JoinOutcome<Void>> join(JoinRequest request) {
    return CompletableFuture.completedFuture(new JoinOutcome.Refused<>(reason));
  }

  @Override
  public PushOutcome handlePush(PushRequest request, Void state) {
    return new PushOutcome.Respond(Reply.Status.ERROR, Replies.reason(reason));
  }

  @Override
  public ServerOutcome handleServerMessage(ServerMessage message) {
    return new ServerOutcome.Reject(reason);
  }
}
