package dev.kanal.server.topic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.presence.PresenceDiff;
import dev.kanal.presence.PresenceState;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Events;
import dev.kanal.protocol.Payload;
import dev.kanal.server.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The one place in the cluster that owns a topic: it knows which nodes have subscribers, sends each
 * broadcast once to each of them, and holds the topic's presence.
 *
 * <p>Presence changes and joiners are batched for {@code presenceBatch}: one {@code presence_diff}
 * per window to every node, and one {@code presence_state} per window to the window's joiners, so a
 * burst of joins into a large room costs a few frames per subscriber, not one per join.
 *
 * <p>A new incarnation (after passivation, a rebalance or the loss of its node) starts empty and
 * learns its subscribers and their presences from the fan-outs that register again; after
 * {@link #REBUILD_WINDOW} it sends every member a fresh {@code presence_state}, which drops whatever
 * the lost node had tracked.
 *
 * <p>The nodes that come back to a new incarnation do so a moment after it started, and may miss
 * what it sent first: for {@link #CATCH_UP_WINDOW} an incarnation keeps what it sends (up to
 * {@link #CATCH_UP_LIMIT} messages) and sends it again to each returning node when it registers.
 * Without this a collection change taken (and confirmed) by a new incarnation, or a broadcast
 * published right after a node was lost, would never reach the nodes that came back a little later.
 *
 * <p>With no interested node for {@code passivateAfter} it passivates. A fan-out that registers
 * while passivation is under way is told {@link NodeFanout.Passivating} and tries again, so that it
 * always registers with the incarnation that will receive later publishes.
 */
public final class TopicEntity extends AbstractBehavior<TopicEntity.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "topic");

  /**
   * How long a new incarnation collects re-registering nodes before it sends everyone one fresh
   * {@code presence_state}; the surviving nodes learn of a lost entity at about the same moment, so
   * one state covers them all instead of briefly showing some of them as gone.
   */
  static final Duration REBUILD_WINDOW = Duration.ofSeconds(1);

  /** How long a new incarnation keeps what it sends for the nodes that come back to it. */
  static final Duration CATCH_UP_WINDOW = Duration.ofSeconds(30);

  /** At most this many messages are kept for returning nodes; past it they may miss some. */
  static final int CATCH_UP_LIMIT = 1_000;

  public interface Command extends CborSerializable {}

  /**
   * A node's fan-out has local subscribers of this topic; answered with {@link NodeFanout.Registered}.
   * {@code members} are the presence subscribers it already had admitted (none on a first register).
   * {@code returning}: its subscribers were registered with an earlier incarnation, so it gets what
   * this one already sent.
   */
  public record Register(ActorRef<NodeFanout.Command> fanout, List<Member> members, boolean returning)
      implements Command {}

  /** A presence subscriber and what it tracks, by key. */
  public record Member(ActorRef<Subscriber.Message> subscriber, Map<String, ObjectNode> presences) {}

  /** A node's fan-out has no local subscriber of this topic any more. */
  public record Unregister(ActorRef<NodeFanout.Command> fanout) implements Command {}

  /**
   * Sends {@code broadcast} to every subscriber but {@code exclude} (may be null); {@code replyTo}
   * (may be null) hears {@link Published} once the broadcast has gone to every interested node.
   */
  public record Publish(Broadcast broadcast, ActorRef<Subscriber.Message> exclude, ActorRef<Published> replyTo)
      implements Command {}

  public record Published(String topic) implements CborSerializable {}

  /**
   * Sends a collection change to every subscriber, each seeing it through its own filter.
   * {@code gapless} changes (a collection's) are taken only in {@code seq} order: the next one,
   * or any one while the entity has none yet; views skip numbers and need only a larger one.
   * {@code replyTo} hears {@link ChangeTaken} either way.
   */
  public record PublishChange(Change change, boolean gapless, ActorRef<ChangeTaken> replyTo) implements Command {}

  /** The highest {@code seq} this topic has sent on; below a publication's own when it lacks an earlier one. */
  public record ChangeTaken(long highest) implements CborSerializable {}

  /** A subscriber of a presence topic was admitted on {@code fanout}'s node; it gets the state. */
  public record Joined(ActorRef<NodeFanout.Command> fanout, ActorRef<Subscriber.Message> subscriber)
      implements Command {}

  /** A presence subscriber left; whatever it tracked leaves with it. */
  public record Left(ActorRef<Subscriber.Message> subscriber) implements Command {}

  /** Tracks {@code meta} (with its {@code phx_ref}) for {@code subscriber} under {@code key}. */
  public record Track(ActorRef<Subscriber.Message> subscriber, String key, ObjectNode meta) implements Command {}

  public record Untrack(ActorRef<Subscriber.Message> subscriber, String key) implements Command {}

  /** Sent by the shard on passivation and hand-off. */
  public enum Stop implements Command {
    INSTANCE
  }

  private record FanoutTerminated(ActorRef<NodeFanout.Command> fanout) implements Command {}

  private enum PassivateIfIdle implements Command {
    INSTANCE
  }

  private enum FlushPresence implements Command {
    INSTANCE
  }

  private enum CatchUpOver implements Command {
    INSTANCE
  }

  private final String topic;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TimerScheduler<Command> timers;
  private final Duration passivateAfter;
  private final Duration presenceBatch;
  private final Set<ActorRef<NodeFanout.Command>> fanouts = new HashSet<>();
  private final Map<ActorRef<Subscriber.Message>, ActorRef<NodeFanout.Command>> members = new HashMap<>();
  private final PresenceState<ActorRef<Subscriber.Message>> presence = new PresenceState<>();
  private final Map<ActorRef<NodeFanout.Command>, List<ActorRef<Subscriber.Message>>> joiners = new HashMap<>();
  private PresenceDiff pendingDiff = PresenceDiff.EMPTY;
  private boolean resyncEveryone;
  private boolean passivating;
  /** The highest change seq sent on; 0 until the first change, so a new incarnation takes any. */
  private long highestChange;
  /** What this incarnation sent while returning nodes may still come back; null once that is over. */
  private List<NodeFanout.Command> sentForReturning = new ArrayList<>();

  public static void init(ActorSystem<?> system, Duration passivateAfter, Duration presenceBatch) {
    ClusterSharding.get(system)
        .init(
            Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), passivateAfter, presenceBatch))
                .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(
      String topic, ActorRef<ClusterSharding.ShardCommand> shard, Duration passivateAfter, Duration presenceBatch) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new TopicEntity(ctx, topic, shard, timers, passivateAfter, presenceBatch)));
  }

  private TopicEntity(
      ActorContext<Command> context,
      String topic,
      ActorRef<ClusterSharding.ShardCommand> shard,
      TimerScheduler<Command> timers,
      Duration passivateAfter,
      Duration presenceBatch) {
    super(context);
    this.topic = topic;
    this.shard = shard;
    this.timers = timers;
    this.passivateAfter = passivateAfter;
    this.presenceBatch = presenceBatch;
    startIdleTimer();
    timers.startSingleTimer(CatchUpOver.INSTANCE, CATCH_UP_WINDOW);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, unregister -> onFanoutGone(unregister.fanout(), true))
        .onMessage(FanoutTerminated.class, terminated -> onFanoutGone(terminated.fanout(), false))
        .onMessage(Publish.class, this::onPublish)
        .onMessage(PublishChange.class, this::onPublishChange)
        .onMessage(Joined.class, this::onJoined)
        .onMessage(Left.class, this::onLeft)
        .onMessage(Track.class, this::onTrack)
        .onMessage(Untrack.class, this::onUntrack)
        .onMessageEquals(FlushPresence.INSTANCE, this::onFlushPresence)
        .onMessageEquals(PassivateIfIdle.INSTANCE, this::onPassivateIfIdle)
        .onMessageEquals(CatchUpOver.INSTANCE, this::onCatchUpOver)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  private Behavior<Command> onRegister(Register register) {
    if (passivating) {
      register.fanout().tell(new NodeFanout.Passivating(topic));
      return this;
    }
    if (fanouts.add(register.fanout())) {
      getContext().watchWith(register.fanout(), new FanoutTerminated(register.fanout()));
      if (register.returning() && sentForReturning != null) {
        sentForReturning.forEach(register.fanout()::tell);
      }
    }
    timers.cancel(PassivateIfIdle.INSTANCE);
    for (Member member : register.members()) {
      members.put(member.subscriber(), register.fanout());
      member.presences().forEach((key, meta) -> presence.track(member.subscriber(), key, meta));
    }
    if (!register.members().isEmpty() && !resyncEveryone) {
      resyncEveryone = true;
      timers.startSingleTimer(FlushPresence.INSTANCE, REBUILD_WINDOW);
    }
    register.fanout().tell(new NodeFanout.Registered(topic, getContext().getSelf()));
    return this;
  }

  /** A fan-out unregistered or its node is gone: its subscribers and their presences leave. */
  private Behavior<Command> onFanoutGone(ActorRef<NodeFanout.Command> fanout, boolean unwatch) {
    if (!fanouts.remove(fanout)) {
      return this;
    }
    if (unwatch) {
      getContext().unwatch(fanout);
    } else {
      // Usually its node is gone and this goes nowhere. But a node restarted on the same address can
      // be taken for its dead predecessor; told, its fan-out registers again.
      fanout.tell(new NodeFanout.Dropped(topic, getContext().getSelf()));
    }
    joiners.remove(fanout);
    List<ActorRef<Subscriber.Message>> gone = new ArrayList<>();
    members.forEach((subscriber, node) -> {
      if (node.equals(fanout)) {
        gone.add(subscriber);
      }
    });
    gone.forEach(subscriber -> {
      members.remove(subscriber);
      changed(presence.removeOwner(subscriber));
    });
    startIdleTimer();
    return this;
  }

  private Behavior<Command> onPublish(Publish publish) {
    sendToAll(new NodeFanout.Deliver(publish.broadcast(), publish.exclude()));
    if (publish.replyTo() != null) {
      publish.replyTo().tell(new Published(topic));
    }
    return this;
  }

  private Behavior<Command> onPublishChange(PublishChange publish) {
    long seq = publish.change().seq();
    boolean next = !publish.gapless() || seq == highestChange + 1;
    if (highestChange == 0 || (seq > highestChange && next)) {
      highestChange = seq;
      sendToAll(new NodeFanout.DeliverChange(topic, publish.change()));
    }
    publish.replyTo().tell(new ChangeTaken(highestChange));
    return this;
  }

  private void sendToAll(NodeFanout.Command delivery) {
    fanouts.forEach(fanout -> fanout.tell(delivery));
    if (sentForReturning != null) {
      if (sentForReturning.size() < CATCH_UP_LIMIT) {
        sentForReturning.add(delivery);
      } else {
        getContext().getLog().warn(
            "Topic {} sent more than {} messages within {} of starting; a node coming back later may miss some",
            topic, CATCH_UP_LIMIT, CATCH_UP_WINDOW);
        sentForReturning = null;
      }
    }
  }

  private Behavior<Command> onCatchUpOver() {
    sentForReturning = null;
    return this;
  }

  private Behavior<Command> onJoined(Joined joined) {
    if (fanouts.contains(joined.fanout())) {
      members.put(joined.subscriber(), joined.fanout());
      joiners.computeIfAbsent(joined.fanout(), f -> new ArrayList<>()).add(joined.subscriber());
      scheduleFlush();
    }
    return this;
  }

  private Behavior<Command> onLeft(Left left) {
    ActorRef<NodeFanout.Command> fanout = members.remove(left.subscriber());
    if (fanout != null) {
      List<ActorRef<Subscriber.Message>> waiting = joiners.get(fanout);
      if (waiting != null) {
        waiting.remove(left.subscriber());
      }
      changed(presence.removeOwner(left.subscriber()));
    }
    return this;
  }

  private Behavior<Command> onTrack(Track track) {
    if (members.containsKey(track.subscriber())) {
      changed(presence.track(track.subscriber(), track.key(), track.meta()));
    }
    return this;
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    changed(presence.untrack(untrack.subscriber(), untrack.key()));
    return this;
  }

  private void changed(PresenceDiff diff) {
    if (!diff.isEmpty()) {
      pendingDiff = pendingDiff.merge(diff);
      scheduleFlush();
    }
  }

  private void scheduleFlush() {
    if (!timers.isTimerActive(FlushPresence.INSTANCE)) {
      timers.startSingleTimer(FlushPresence.INSTANCE, presenceBatch);
    }
  }

  private Behavior<Command> onFlushPresence() {
    if (resyncEveryone) {
      Map<ActorRef<NodeFanout.Command>, List<ActorRef<Subscriber.Message>>> everyone = new HashMap<>();
      members.forEach((subscriber, fanout) -> everyone.computeIfAbsent(fanout, f -> new ArrayList<>()).add(subscriber));
      sendState(everyone);
    } else {
      if (!pendingDiff.isEmpty()) {
        NodeFanout.Deliver deliver =
            new NodeFanout.Deliver(new Broadcast(topic, Events.PRESENCE_DIFF, Payload.json(pendingDiff.toJson())), null);
        fanouts.forEach(fanout -> fanout.tell(deliver));
      }
      sendState(joiners);
    }
    resyncEveryone = false;
    pendingDiff = PresenceDiff.EMPTY;
    joiners.clear();
    return this;
  }

  /** The state is built once per flush; each node pushes it to each listed subscriber with that subscription's join_ref. */
  private void sendState(Map<ActorRef<NodeFanout.Command>, List<ActorRef<Subscriber.Message>>> recipients) {
    if (recipients.isEmpty()) {
      return;
    }
    Broadcast state = new Broadcast(topic, Events.PRESENCE_STATE, Payload.json(presence.toJson()));
    recipients.forEach((fanout, subscribers) -> {
      if (!subscribers.isEmpty()) {
        fanout.tell(new NodeFanout.DeliverTo(state, List.copyOf(subscribers)));
      }
    });
  }

  private Behavior<Command> onPassivateIfIdle() {
    if (fanouts.isEmpty()) {
      passivating = true;
      shard.tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    }
    return this;
  }

  private void startIdleTimer() {
    if (fanouts.isEmpty()) {
      timers.startSingleTimer(PassivateIfIdle.INSTANCE, passivateAfter);
    }
  }
}
