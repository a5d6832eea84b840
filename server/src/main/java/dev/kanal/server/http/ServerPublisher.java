package dev.kanal.server.http;

import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Events;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.channel.ServerMessage;
import dev.kanal.server.channel.ServerOutcome;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.util.ArrayList;
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
    return publishAll(List.of(message));
  }

  /**
   * Checks every message first and publishes none if one is refused (answering that refusal);
   * else completes once each was sent to every interested node.
   */
  public CompletionStage<Result> publishAll(List<ServerMessage> messages) {
    List<Broadcast> ready = new ArrayList<>();
    for (ServerMessage message : messages) {
      Checked checked = check(message);
      if (checked instanceof Checked.Rejected rejected) {
        return CompletableFuture.completedFuture(rejected.refused());
      }
      ready.add(((Checked.Ready) checked).broadcast());
    }
    CompletableFuture<?>[] sent = ready.stream().map(this::send).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sent).thenApply(done -> new Result.Published());
  }

  private Checked check(ServerMessage message) {
    if (Events.isReserved(message.event())) {
      return new Checked.Rejected(new Result.Refused("event", "phx_ and presence events are reserved"));
    }
    var route = router.route(message.topic());
    if (route.isEmpty()) {
      return new Checked.Rejected(new Result.Refused("topic", "unmatched topic"));
    }
    ServerOutcome outcome = route.get().kind().handleServerMessage(message);
    if (outcome instanceof ServerOutcome.Reject reject) {
      return new Checked.Rejected(new Result.Refused("topic", reject.reason()));
    }
    ServerOutcome.Deliver deliver = (ServerOutcome.Deliver) outcome;
    return new Checked.Ready(new Broadcast(message.topic(), deliver.event(), deliver.payload()));
  }

  private CompletableFuture<TopicEntity.Published> send(Broadcast broadcast) {
    return AskPattern.<TopicEntity.Command, TopicEntity.Published>ask(
            entities.entityFor(broadcast.topic()),
            replyTo -> new TopicEntity.Publish(broadcast, null, replyTo),
            PUBLISH_TIMEOUT,
            system.scheduler())
        .toCompletableFuture();
  }

  /** A message checked and ready to publish, or the refusal to answer. */
  private sealed interface Checked {
    record Ready(Broadcast broadcast) implements Checked {}

    record Rejected(Result.Refused refused) implements Checked {}
  }

  /** What became of a server-side message. */
  public sealed interface Result {
    record Published() implements Result {}

    /** Refused because of {@code field}, for {@code reason}. */
    record Refused(String field, String reason) implements Result {}
  }
}
