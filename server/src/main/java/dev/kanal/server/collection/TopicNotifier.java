package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.persistence.spi.Notifier;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Payload;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;

/** Lets hooks publish server events (e.g. {@code new_order} to {@code notifications:admin}). */
final class TopicNotifier implements Notifier {
  private final TopicEntities entities;

  TopicNotifier(TopicEntities entities) {
    this.entities = entities;
  }

  @Override
  public void publish(String topic, String event, JsonNode payload) {
    entities.entityFor(topic).tell(new TopicEntity.Publish(new Broadcast(topic, event, Payload.json(payload)), null, null));
  }
}
