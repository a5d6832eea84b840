package dev.kanal.server.http;

import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Events;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.channel.ServerMessage;
import dev.kanal.server.channel.ServerOutcome;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Publishes server-side messages (like Phoenix's {@code Endpoint.broadcast}): the topic's kind may
 * transform or refuse the message, then the topic entity fans it out.
 */
public final class ServerPublisher {
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final ChannelRouter router;
  private final TopicEntities entities;

  public ServerPublisher(ActorSystem<?> system, ChannelRouter router, TopicEntities entities) {
    this.system = system;
    this.router = router;
    this.entities = entities;
  }

  /** Completes when every interested node was sent the message, or with why it was refused. */
  public CompletionStage<Result> publish(ServerMessage message) {
    if (Events.isReserved(message.event())) {
      return CompletableFuture.completedFuture(new Result.Refused("event", "phx_ events are reserved"));
    }
    var route = router.route(message.topic());
    if (route.isEmpty()) {
      return CompletableFuture.completedFuture(new Result.Refused("topic", "unmatched topic"));
    }
    ServerOutcome outcome = route.get().kind().handleServerMessage(message);
    if (outcome instanceof ServerOutcome.Reject reject) {
      return CompletableFuture.completedFuture(new Result.Refused("topic", reject.reason()));
    }
    ServerOutcome.Deliver deliver = (ServerOutcome.Deliver) outcome;
    Broadcast broadcast = new Broadcast(message.topic(), deliver.event(), deliver.payload());
    return AskPattern.<TopicEntity.Command, TopicEntity.Published>ask(
            entities.entityFor(message.topic()),
            replyTo -> new TopicEntity.Publish(broadcast, null, replyTo),
            PUBLISH_TIMEOUT,
            system.scheduler())
        .thenApply(published -> new Result.Published());
  }

  /** Publishes each message; answers the first refusal, or published once every one was. */
  public CompletionStage<Result> publishAll(List<ServerMessage> messages) {
    List<CompletableFuture<Result>> results =
        messages.stream().map(message -> publish(message).toCompletableFuture()).toList();
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> results.stream()
        .map(CompletableFuture::join)
        .filter(result -> result instanceof Result.Refused)
        .findFirst()
        .orElseGet(Result.Published::new));
  }

  /** What became of a server-side message. */
  public sealed interface Result {
    record Published() implements Result {}

    /** Refused because of {@code field}, for {@code reason}. */
    record Refused(String field, String reason) implements Result {}
  }
}
