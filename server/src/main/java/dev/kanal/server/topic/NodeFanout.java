package dev.kanal.server.topic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.server.CborSerializable;
import dev.kanal.server.dialect.Fastlane;
import dev.kanal.server.metrics.KanalMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;

/**
 * One per node: holds the node's subscribers of every topic, registers the node with each topic
 * entity that has local subscribers, and fans each delivered broadcast out to them, encoded once
 * per dialect variant (its {@link Fastlane}).
 *
 * <p>Presence changes from local sockets pass through here on their way to the entity, always on
 * the same path as this node's joins and leaves, so a leave can never overtake the track it undoes.
 * The fan-out also remembers what its subscribers track, to teach a new entity incarnation.
 */
public final class NodeFanout extends AbstractBehavior<NodeFanout.Command> {
  /** How long to wait before registering again with a topic entity that is passivating. */
  static final Duration REGISTER_RETRY = Duration.ofMillis(50);

  /**
   * How long to wait for {@link Registered} before registering again. A register sent just after a
   * node died can be routed to that node's shard region and dropped; it must not be the last one.
   */
  static final Duration REGISTER_TIMEOUT = Duration.ofMillis(500);

  public interface Command extends CborSerializable {}

  /**
   * Subscribes a local connection; it hears {@link Subscriber.Admitted} with {@code joinId} once
   * live. {@code presence} says whether the topic's rule has presence on. Broadcasts go to
   * {@code inbox}, collection changes to {@code subscriber}.
   */
  public record Subscribe(
      String topic,
      ActorRef<Subscriber.Message> subscriber,
      Fastlane fastlane,
      long joinId,
      boolean presence,
      Subscriber.Inbox inbox)
      implements Command {}

  public record Unsubscribe(String topic, ActorRef<Subscriber.Message> subscriber) implements Command {}

  /** A local subscriber tracks {@code meta} (with its {@code phx_ref}) under {@code key}. */
  public record Track(String topic, ActorRef<Subscriber.Message> subscriber, String key, ObjectNode meta)
      implements Command {}

  public record Untrack(String topic, ActorRef<Subscriber.Message> subscriber, String key) implements Command {}

  /** The topic entity accepted this node's registration. */
  public record Registered(String topic, ActorRef<TopicEntity.Command> entity) implements Command {}

  /** The topic entity is passivating; register again with its next incarnation. */
  public record Passivating(String topic) implements Command {}

  /** A broadcast for every local subscriber of its topic but {@code exclude} (may be null). */
  public record Deliver(Broadcast broadcast, ActorRef<Subscriber.Message> exclude) implements Command {}

  /** A collection change for every local subscriber of {@code topic}; each sees it through its filter. */
  public record DeliverChange(String topic, Change change) implements Command {}

  /** A broadcast for the listed local subscribers only (e.g. {@code presence_state} for joiners). */
  public record DeliverTo(Broadcast broadcast, List<ActorRef<Subscriber.Message>> subscribers) implements Command {}

  /** The topic entity dropped this node, taking it for gone; it registers again. */
  public record Dropped(String topic, ActorRef<TopicEntity.Command> entity) implements Command {}

  private record SubscriberTerminated(ActorRef<Subscriber.Message> subscriber) implements Command {}

  private record EntityStopped(String topic, ActorRef<TopicEntity.Command> entity) implements Command {}

  private record RetryRegister(String topic) implements Command {}

  private final TopicEntities entities;
  private final KanalMetrics metrics;
  private final TimerScheduler<Command> timers;
  private final Map<String, LocalTopic> topics = new HashMap<>();
  private final Map<ActorRef<Subscriber.Message>, Set<String>> topicsOf = new HashMap<>();

  public static Behavior<Command> create(TopicEntities entities, KanalMetrics metrics) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new NodeFanout(ctx, entities, metrics, timers)));
  }

  private NodeFanout(
      ActorContext<Command> context, TopicEntities entities, KanalMetrics metrics, TimerScheduler<Command> timers) {
    super(context);
    this.entities = entities;
    this.metrics = metrics;
    this.timers = timers;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(Track.class, this::onTrack)
        .onMessage(Untrack.class, this::onUntrack)
        .onMessage(Registered.class, this::onRegistered)
        .onMessage(Passivating.class, this::onPassivating)
        .onMessage(RetryRegister.class, this::onRetryRegister)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(DeliverTo.class, this::onDeliverTo)
        .onMessage(DeliverChange.class, this::onDeliverChange)
        .onMessage(SubscriberTerminated.class, this::onSubscriberTerminated)
        .onMessage(EntityStopped.class, this::onEntityStopped)
        .onMessage(Dropped.class, this::onDropped)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    LocalTopic local = topics.get(subscribe.topic());
    if (local == null) {
      local = new LocalTopic(subscribe.presence());
      topics.put(subscribe.topic(), local);
      register(subscribe.topic(), local);
    } else if (local.remove(subscribe.subscriber()) && local.presence) {
      tellEntity(subscribe.topic(), new TopicEntity.Left(subscribe.subscriber()));
    }
    if (local.entity != null) {
      admit(subscribe.topic(), local, subscribe);
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

  private void admit(String topic, LocalTopic local, Subscribe subscribe) {
    local.admit(subscribe.subscriber(), subscribe.fastlane(), subscribe.inbox());
    subscribe.subscriber().tell(new Subscriber.Admitted(topic, subscribe.joinId()));
    if (local.presence) {
      tellEntity(topic, new TopicEntity.Joined(getContext().getSelf(), subscribe.subscriber()));
      local.trackedBy(subscribe.subscriber())
          .forEach((key, meta) -> tellEntity(topic, new TopicEntity.Track(subscribe.subscriber(), key, meta)));
    }
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
    boolean wasAdmitted = local.remove(subscriber);
    if (local.isEmpty()) {
      topics.remove(topic);
      timers.cancel(topic);
      if (local.entity != null) {
        getContext().unwatch(local.entity);
      }
      tellEntity(topic, new TopicEntity.Unregister(getContext().getSelf()));
    } else if (wasAdmitted && local.presence) {
      tellEntity(topic, new TopicEntity.Left(subscriber));
    }
  }

  private Behavior<Command> onTrack(Track track) {
    LocalTopic local = topics.get(track.topic());
    if (local != null && local.track(track.subscriber(), track.key(), track.meta())) {
      tellEntity(track.topic(), new TopicEntity.Track(track.subscriber(), track.key(), track.meta()));
    }
    return this;
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    LocalTopic local = topics.get(untrack.topic());
    if (local != null && local.untrack(untrack.subscriber(), untrack.key())) {
      tellEntity(untrack.topic(), new TopicEntity.Untrack(untrack.subscriber(), untrack.key()));
    }
    return this;
  }

  private Behavior<Command> onRegistered(Registered registered) {
    LocalTopic local = topics.get(registered.topic());
    if (local == null || registered.entity().equals(local.entity)) {
      return this;
    }
    if (local.entity != null) {
      getContext().unwatch(local.entity);
    }
    timers.cancel(registered.topic());
    local.entity = registered.entity();
    local.returning = false;
    getContext().watchWith(registered.entity(), new EntityStopped(registered.topic(), registered.entity()));
    List<Subscribe> waiting = new ArrayList<>(local.waiting.values());
    local.waiting.clear();
    waiting.forEach(subscribe -> admit(registered.topic(), local, subscribe));
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
      register(retry.topic(), local);
    }
    return this;
  }

  /** The entity moved or restarted: its next incarnation learns this node's subscribers again. */
  private Behavior<Command> onEntityStopped(EntityStopped stopped) {
    LocalTopic local = topics.get(stopped.topic());
    if (local != null && stopped.entity().equals(local.entity)) {
      local.entity = null;
      local.returning = true;
      register(stopped.topic(), local);
    }
    return this;
  }

  /** After a short pause: the entity may take this node for its predecessor until membership settles. */
  private Behavior<Command> onDropped(Dropped dropped) {
    LocalTopic local = topics.get(dropped.topic());
    if (local != null && dropped.entity().equals(local.entity)) {
      getContext().unwatch(local.entity);
      local.entity = null;
      local.returning = true;
      timers.startSingleTimer(dropped.topic(), new RetryRegister(dropped.topic()), REGISTER_RETRY);
    }
    return this;
  }

  /** Registers and keeps registering every {@link #REGISTER_TIMEOUT} until the entity answers. */
  private void register(String topic, LocalTopic local) {
    tellEntity(topic, new TopicEntity.Register(getContext().getSelf(), local.members(), local.returning));
    timers.startSingleTimer(topic, new RetryRegister(topic), REGISTER_TIMEOUT);
  }

  /** Everything for an entity goes through sharding, so it arrives in the order it was sent. */
  private void tellEntity(String topic, TopicEntity.Command command) {
    entities.entityFor(topic).tell(command);
  }

  private Behavior<Command> onDeliver(Deliver deliver) {
    metrics.fanoutReceived(KanalMetrics.Fanout.BROADCAST);
    LocalTopic local = topics.get(deliver.broadcast().topic());
    if (local != null) {
      local.fanOut(deliver.broadcast(), deliver.exclude(), metrics, getContext().getLog());
    }
    return this;
  }

  private Behavior<Command> onDeliverChange(DeliverChange deliver) {
    metrics.fanoutReceived(KanalMetrics.Fanout.CHANGE);
    LocalTopic local = topics.get(deliver.topic());
    if (local != null) {
      Subscriber.ChangeDelivery delivery = new Subscriber.ChangeDelivery(
          deliver.topic(), deliver.change(), new ChangeFrames(deliver.topic(), deliver.change(), metrics));
      local.fastlaneOf.keySet().forEach(subscriber -> subscriber.tell(delivery));
      metrics.delivered(local.fastlaneOf.size());
    }
    return this;
  }

  private Behavior<Command> onDeliverTo(DeliverTo deliver) {
    metrics.fanoutReceived(KanalMetrics.Fanout.BROADCAST);
    LocalTopic local = topics.get(deliver.broadcast().topic());
    if (local != null) {
      local.deliverTo(deliver.broadcast(), deliver.subscribers(), metrics);
    }
    return this;
  }

  /** This node's subscribers of one topic, grouped by fastlane so each group shares one frame. */
  private static final class LocalTopic {
    final boolean presence;
    final Map<Fastlane, Map<ActorRef<Subscriber.Message>, Subscriber.Inbox>> byFastlane = new HashMap<>();
    final Map<ActorRef<Subscriber.Message>, Fastlane> fastlaneOf = new HashMap<>();
    final Map<ActorRef<Subscriber.Message>, Subscribe> waiting = new HashMap<>();
    final Map<ActorRef<Subscriber.Message>, Map<String, ObjectNode>> tracked = new HashMap<>();
    ActorRef<TopicEntity.Command> entity;
    /** Its subscribers were registered with an earlier incarnation of the entity. */
    boolean returning;

    LocalTopic(boolean presence) {
      this.presence = presence;
    }

    void admit(ActorRef<Subscriber.Message> subscriber, Fastlane fastlane, Subscriber.Inbox inbox) {
      fastlaneOf.put(subscriber, fastlane);
      byFastlane.computeIfAbsent(fastlane, f -> new HashMap<>()).put(subscriber, inbox);
    }

    /** Forgets a subscriber; true if it had been admitted. */
    boolean remove(ActorRef<Subscriber.Message> subscriber) {
      waiting.remove(subscriber);
      tracked.remove(subscriber);
      Fastlane fastlane = fastlaneOf.remove(subscriber);
      if (fastlane == null) {
        return false;
      }
      Map<ActorRef<Subscriber.Message>, Subscriber.Inbox> group = byFastlane.get(fastlane);
      group.remove(subscriber);
      if (group.isEmpty()) {
        byFastlane.remove(fastlane);
      }
      return true;
    }

    boolean isEmpty() {
      return fastlaneOf.isEmpty() && waiting.isEmpty();
    }

    /** Remembers a track; true if the entity should hear it now (the subscriber is admitted). */
    boolean track(ActorRef<Subscriber.Message> subscriber, String key, ObjectNode meta) {
      if (!presence || !(fastlaneOf.containsKey(subscriber) || waiting.containsKey(subscriber))) {
        return false;
      }
      tracked.computeIfAbsent(subscriber, s -> new LinkedHashMap<>()).put(key, meta);
      return fastlaneOf.containsKey(subscriber);
    }

    boolean untrack(ActorRef<Subscriber.Message> subscriber, String key) {
      Map<String, ObjectNode> keys = tracked.get(subscriber);
      if (keys == null || keys.remove(key) == null) {
        return false;
      }
      if (keys.isEmpty()) {
        tracked.remove(subscriber);
      }
      return fastlaneOf.containsKey(subscriber);
    }

    Map<String, ObjectNode> trackedBy(ActorRef<Subscriber.Message> subscriber) {
      return Map.copyOf(tracked.getOrDefault(subscriber, Map.of()));
    }

    /** The admitted presence subscribers with what they track, for a new entity incarnation. */
    List<TopicEntity.Member> members() {
      if (!presence) {
        return List.of();
      }
      return fastlaneOf.keySet().stream().map(s -> new TopicEntity.Member(s, trackedBy(s))).toList();
    }

    void fanOut(Broadcast broadcast, ActorRef<Subscriber.Message> exclude, KanalMetrics metrics, Logger log) {
      int delivered = 0;
      for (Map.Entry<Fastlane, Map<ActorRef<Subscriber.Message>, Subscriber.Inbox>> group : byFastlane.entrySet()) {
        Subscriber.Delivery delivery = null;
        for (Map.Entry<ActorRef<Subscriber.Message>, Subscriber.Inbox> subscriber : group.getValue().entrySet()) {
          if (subscriber.getKey().equals(exclude)) {
            continue;
          }
          if (delivery == null) {
            delivery = delivery(group.getKey(), broadcast, metrics, log);
            if (delivery == null) {
              break;
            }
          }
          subscriber.getValue().deliver(delivery);
          delivered++;
        }
      }
      metrics.delivered(delivered);
    }

    /** Pushes {@code message} to each listed subscriber alone, encoded with that subscription's refs. */
    void deliverTo(Broadcast message, List<ActorRef<Subscriber.Message>> subscribers, KanalMetrics metrics) {
      int delivered = 0;
      for (ActorRef<Subscriber.Message> subscriber : subscribers) {
        Fastlane fastlane = fastlaneOf.get(subscriber);
        if (fastlane != null) {
          metrics.frameEncoded(fastlane.dialect(), fastlane.vsn());
          byFastlane.get(fastlane).get(subscriber).push(message);
          delivered++;
        }
      }
      metrics.delivered(delivered);
    }

    /**
     * The group's frame, or null when its wire cannot carry this broadcast (a binary frame field
     * over 255 bytes): that group misses it, and the fan-out, every other group, goes on.
     */
    private static Subscriber.Delivery delivery(Fastlane fastlane, Broadcast broadcast, KanalMetrics metrics, Logger log) {
      metrics.frameEncoded(fastlane.dialect(), fastlane.vsn());
      try {
        return new Subscriber.Delivery(broadcast.topic(), fastlane.broadcast(broadcast));
      } catch (IllegalArgumentException e) {
        log.warn("Cannot encode {} on {} for {}/{} sockets: {}",
            broadcast.event(), broadcast.topic(), fastlane.dialect(), fastlane.vsn(), e.getMessage());
        return null;
      }
    }
  }
}
