package dev.kanal.server.topic;

import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Serializer;
import dev.kanal.server.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One per node: holds the node's subscribers of every topic, registers the node with each topic
 * entity that has local subscribers, and fans each delivered broadcast out to them, encoded once
 * per serializer.
 */
public final class NodeFanout extends AbstractBehavior<NodeFanout.Command> {
  /** How long to wait before registering again with a topic entity that is passivating. */
  static final Duration REGISTER_RETRY = Duration.ofMillis(50);

  public interface Command extends CborSerializable {}

  /** Subscribes a local connection; it hears {@link Subscriber.Admitted} with {@code joinId} once live. */
  public record Subscribe(String topic, ActorRef<Subscriber.Message> subscriber, Serializer serializer, long joinId)
      implements Command {}

  public record Unsubscribe(String topic, ActorRef<Subscriber.Message> subscriber) implements Command {}

  /** The topic entity accepted this node's registration. */
  public record Registered(String topic, ActorRef<TopicEntity.Command> entity) implements Command {}

  /** The topic entity is passivating; register again with its next incarnation. */
  public record Passivating(String topic) implements Command {}

  /** A broadcast for every local subscriber of its topic but {@code exclude} (may be null). */
  public record Deliver(Broadcast broadcast, ActorRef<Subscriber.Message> exclude) implements Command {}

  private record SubscriberTerminated(ActorRef<Subscriber.Message> subscriber) implements Command {}

  private record EntityStopped(String topic, ActorRef<TopicEntity.Command> entity) implements Command {}

  private record RetryRegister(String topic) implements Command {}

  private final TopicEntities entities;
  private final TimerScheduler<Command> timers;
  private final Map<String, LocalTopic> topics = new HashMap<>();
  private final Map<ActorRef<Subscriber.Message>, Set<String>> topicsOf = new HashMap<>();

  public static Behavior<Command> create(TopicEntities entities) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new NodeFanout(ctx, entities, timers)));
  }

  private NodeFanout(ActorContext<Command> context, TopicEntities entities, TimerScheduler<Command> timers) {
    super(context);
    this.entities = entities;
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(Registered.class, this::onRegistered)
        .onMessage(Passivating.class, this::onPassivating)
        .onMessage(RetryRegister.class, this::onRetryRegister)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(SubscriberTerminated.class, this::onSubscriberTerminated)
        .onMessage(EntityStopped.class, this::onEntityStopped)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    LocalTopic local = topics.get(subscribe.topic());
    if (local == null) {
      local = new LocalTopic();
      topics.put(subscribe.topic(), local);
      register(subscribe.topic());
    }
    local.remove(subscribe.subscriber());
    if (local.entity != null) {
      local.admit(subscribe.subscriber(), subscribe.serializer());
      subscribe.subscriber().tell(new Subscriber.Admitted(subscribe.topic(), subscribe.joinId()));
    } else {
      local.waiting.put(subscribe.subscriber(), subscribe);
    }
    Set<String> subscribed = topicsOf.get(subscribe.subscriber());
    if (subscribed == null) {
      subscribed = new HashSet<>();
      topicsOf.put(subscribe.subscriber(), subscribed);
      getContext().watchWith(subscribe.subscriber(), new SubscriberTerminated(subscribe.subscriber()));
    }
    subscribed.add(subscribe.topic());
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe unsubscribe) {
    Set<String> subscribed = topicsOf.get(unsubscribe.subscriber());
    if (subscribed != null && subscribed.remove(unsubscribe.topic())) {
      if (subscribed.isEmpty()) {
        topicsOf.remove(unsubscribe.subscriber());
        getContext().unwatch(unsubscribe.subscriber());
      }
      leave(unsubscribe.topic(), unsubscribe.subscriber());
    }
    return this;
  }

  private Behavior<Command> onSubscriberTerminated(SubscriberTerminated terminated) {
    Set<String> subscribed = topicsOf.remove(terminated.subscriber());
    if (subscribed != null) {
      subscribed.forEach(topic -> leave(topic, terminated.subscriber()));
    }
    return this;
  }

  private void leave(String topic, ActorRef<Subscriber.Message> subscriber) {
    LocalTopic local = topics.get(topic);
    if (local == null) {
      return;
    }
    local.remove(subscriber);
    if (local.isEmpty()) {
      topics.remove(topic);
      timers.cancel(topic);
      if (local.entity != null) {
        getContext().unwatch(local.entity);
      }
      entities.entityFor(topic).tell(new TopicEntity.Unregister(getContext().getSelf()));
    }
  }

  private Behavior<Command> onRegistered(Registered registered) {
    LocalTopic local = topics.get(registered.topic());
    if (local == null || registered.entity().equals(local.entity)) {
      return this;
    }
    if (local.entity != null) {
      getContext().unwatch(local.entity);
    }
    local.entity = registered.entity();
    getContext().watchWith(registered.entity(), new EntityStopped(registered.topic(), registered.entity()));
    for (Subscribe waiting : local.waiting.values()) {
      local.admit(waiting.subscriber(), waiting.serializer());
      waiting.subscriber().tell(new Subscriber.Admitted(waiting.topic(), waiting.joinId()));
    }
    local.waiting.clear();
    return this;
  }

  private Behavior<Command> onPassivating(Passivating passivating) {
    if (topics.containsKey(passivating.topic())) {
      timers.startSingleTimer(passivating.topic(), new RetryRegister(passivating.topic()), REGISTER_RETRY);
    }
    return this;
  }

  private Behavior<Command> onRetryRegister(RetryRegister retry) {
    LocalTopic local = topics.get(retry.topic());
    if (local != null && local.entity == null) {
      register(retry.topic());
    }
    return this;
  }

  /** The entity moved or restarted: its next incarnation learns this node's interest again. */
  private Behavior<Command> onEntityStopped(EntityStopped stopped) {
    LocalTopic local = topics.get(stopped.topic());
    if (local != null && stopped.entity().equals(local.entity)) {
      local.entity = null;
      register(stopped.topic());
    }
    return this;
  }

  private void register(String topic) {
    entities.entityFor(topic).tell(new TopicEntity.Register(getContext().getSelf()));
  }

  private Behavior<Command> onDeliver(Deliver deliver) {
    LocalTopic local = topics.get(deliver.broadcast().topic());
    if (local != null) {
      local.fanOut(deliver.broadcast(), deliver.exclude());
    }
    return this;
  }

  /** This node's subscribers of one topic, grouped by serializer so each group shares one frame. */
  private static final class LocalTopic {
    final Map<Serializer, Set<ActorRef<Subscriber.Message>>> bySerializer = new HashMap<>();
    final Map<ActorRef<Subscriber.Message>, Serializer> serializerOf = new HashMap<>();
    final Map<ActorRef<Subscriber.Message>, Subscribe> waiting = new HashMap<>();
    ActorRef<TopicEntity.Command> entity;

    void admit(ActorRef<Subscriber.Message> subscriber, Serializer serializer) {
      serializerOf.put(subscriber, serializer);
      bySerializer.computeIfAbsent(serializer, s -> new HashSet<>()).add(subscriber);
    }

    void remove(ActorRef<Subscriber.Message> subscriber) {
      waiting.remove(subscriber);
      Serializer serializer = serializerOf.remove(subscriber);
      if (serializer != null) {
        Set<ActorRef<Subscriber.Message>> group = bySerializer.get(serializer);
        group.remove(subscriber);
        if (group.isEmpty()) {
          bySerializer.remove(serializer);
        }
      }
    }

    boolean isEmpty() {
      return serializerOf.isEmpty() && waiting.isEmpty();
    }

    void fanOut(Broadcast broadcast, ActorRef<Subscriber.Message> exclude) {
      for (Map.Entry<Serializer, Set<ActorRef<Subscriber.Message>>> group : bySerializer.entrySet()) {
        Subscriber.Delivery delivery = null;
        for (ActorRef<Subscriber.Message> subscriber : group.getValue()) {
          if (subscriber.equals(exclude)) {
            continue;
          }
          if (delivery == null) {
            Frame frame = group.getKey().fastlane(broadcast);
            delivery = new Subscriber.Delivery(broadcast.topic(), frame);
          }
          subscriber.tell(delivery);
        }
      }
    }
  }
}
