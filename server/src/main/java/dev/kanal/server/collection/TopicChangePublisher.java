package dev.kanal.server.collection;

import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.ChangePublisher;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Publishes collection changes to their topic {@code collection:NAME} and returns the topic's
 * confirmation; a confirmed change also tells the views built on its collection.
 */
final class TopicChangePublisher implements ChangePublisher {
  static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(3);

  private final TopicEntities entities;
  private final Scheduler scheduler;
  private final Consumer<String> sourceChanged;

  TopicChangePublisher(TopicEntities entities, Scheduler scheduler, Consumer<String> sourceChanged) {
    this.entities = entities;
    this.scheduler = scheduler;
    this.sourceChanged = sourceChanged;
  }

  static String topic(String collection) {
    return "collection:" + collection;
  }

  @Override
  public CompletionStage<Long> publish(Change change) {
    return AskPattern.<TopicEntity.Command, TopicEntity.ChangeTaken>ask(
            entities.entityFor(topic(change.collection())),
            replyTo -> new TopicEntity.PublishChange(change, true, replyTo),
            CONFIRM_TIMEOUT,
            scheduler)
        .thenApply(taken -> {
          if (taken.highest() >= change.seq()) {
            sourceChanged.accept(change.collection());
          }
          return taken.highest();
        });
  }
}
