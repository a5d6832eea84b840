package dev.kanal.server.channel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kind {@code realtime} ({@code realtime:*}), Supabase Realtime's channels: broadcast as in
 * {@link BroadcastKind}, and a join reply that lists the channel's {@code postgres_changes}
 * bindings, which realtime-js checks against the ones it asked for.
 */
public final class RealtimeKind implements ChannelKind<BroadcastOptions> {
  static final String UNSERVED_CHANGES =
      "postgres_changes is not available on this server: no PostgreSQL change source serves this channel";

  @Override
  public CompletionStage<JoinOutcome<BroadcastOptions>> join(JoinRequest request) {
    if (!request.params().changeBindings().isEmpty()) {
      return CompletableFuture.completedFuture(new JoinOutcome.Refused<>(UNSERVED_CHANGES));
    }
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.putArray("postgres_changes");
    return CompletableFuture.completedFuture(
        new JoinOutcome.Accepted<>(Payload.json(response), request.params().broadcast()));
  }

  @Override
  public PushOutcome handlePush(PushRequest request, BroadcastOptions options) {
    return BroadcastKind.relay(request, options);
  }
}
