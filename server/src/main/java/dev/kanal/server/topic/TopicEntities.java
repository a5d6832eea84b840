package dev.kanal.server.topic;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Finds the entity of a topic; through cluster sharding in a node, a probe in tests. */
@FunctionalInterface
public interface TopicEntities {

  RecipientRef<TopicEntity.Command> entityFor(String topic);

  static TopicEntities sharded(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return topic -> sharding.entityRefFor(TopicEntity.TYPE_KEY, topic);
  }
}
