package dev.kanal.server.channel;

import dev.kanal.protocol.Events;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Kind {@code broadcast}: every client push is relayed to the topic's other subscribers. */
public final class BroadcastKind implements ChannelKind<BroadcastOptions> {

  @Override
  public CompletionStage<JoinOutcome<BroadcastOptions>> join(JoinRequest request) {
    return CompletableFuture.completedFuture(new JoinOutcome.Accepted<>(Payload.EMPTY, request.params().broadcast()));
  }

  @Override
  public PushOutcome handlePush(PushRequest request, BroadcastOptions options) {
    return relay(request, options);
  }

  /** Relays any event that is not the protocol's own, as the join's options say. */
  static PushOutcome relay(PushRequest request, BroadcastOptions options) {
    if (Events.isReserved(request.event())) {
      return new PushOutcome.Respond(Reply.Status.ERROR, Replies.reason("unknown event " + request.event()));
    }
    return new PushOutcome.Relay(request.event(), request.payload(), options.self(), options.ack());
  }
}
