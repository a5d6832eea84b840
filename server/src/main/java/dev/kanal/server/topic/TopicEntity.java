package dev.kanal.server.topic;

import dev.kanal.protocol.Broadcast;
import dev.kanal.server.CborSerializable;
import java.time.Duration;
import java.util.HashSet;
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
 * The one place in the cluster that owns a topic: it knows which nodes have subscribers and sends
 * each broadcast once to each of them.
 *
 * <p>With no interested node for {@code passivateAfter} it passivates. A fan-out that registers
 * while passivation is under way is told {@link NodeFanout.Passivating} and tries again, so that it
 * always registers with the incarnation that will receive later publishes.
 */
public final class TopicEntity extends AbstractBehavior<TopicEntity.Command> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "topic");

  public interface Command extends CborSerializable {}

  /** A node's fan-out has local subscribers of this topic; answered with {@link NodeFanout.Registered}. */
  public record Register(ActorRef<NodeFanout.Command> fanout) implements Command {}

  /** A node's fan-out has no local subscriber of this topic any more. */
  public record Unregister(ActorRef<NodeFanout.Command> fanout) implements Command {}

  /**
   * Sends {@code broadcast} to every subscriber but {@code exclude} (may be null); {@code replyTo}
   * (may be null) hears {@link Published} once the broadcast has gone to every interested node.
   */
  public record Publish(Broadcast broadcast, ActorRef<Subscriber.Message> exclude, ActorRef<Published> replyTo)
      implements Command {}

  public record Published(String topic) implements CborSerializable {}

  /** Sent by the shard on passivation and hand-off. */
  public enum Stop implements Command {
    INSTANCE
  }

  private record FanoutTerminated(ActorRef<NodeFanout.Command> fanout) implements Command {}

  private enum PassivateIfIdle implements Command {
    INSTANCE
  }

  private final String topic;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TimerScheduler<Command> timers;
  private final Duration passivateAfter;
  private final Set<ActorRef<NodeFanout.Command>> fanouts = new HashSet<>();
  private boolean passivating;

  public static void init(ActorSystem<?> system, Duration passivateAfter) {
    ClusterSharding.get(system)
        .init(
            Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), ctx.getShard(), passivateAfter))
                .withStopMessage(Stop.INSTANCE));
  }

  public static Behavior<Command> create(
      String topic, ActorRef<ClusterSharding.ShardCommand> shard, Duration passivateAfter) {
    return Behaviors.setup(
        ctx -> Behaviors.withTimers(timers -> new TopicEntity(ctx, topic, shard, timers, passivateAfter)));
  }

  private TopicEntity(
      ActorContext<Command> context,
      String topic,
      ActorRef<ClusterSharding.ShardCommand> shard,
      TimerScheduler<Command> timers,
      Duration passivateAfter) {
    super(context);
    this.topic = topic;
    this.shard = shard;
    this.timers = timers;
    this.passivateAfter = passivateAfter;
    startIdleTimer();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Register.class, this::onRegister)
        .onMessage(Unregister.class, this::onUnregister)
        .onMessage(Publish.class, this::onPublish)
        .onMessage(FanoutTerminated.class, this::onFanoutTerminated)
        .onMessageEquals(PassivateIfIdle.INSTANCE, this::onPassivateIfIdle)
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
    }
    timers.cancel(PassivateIfIdle.INSTANCE);
    register.fanout().tell(new NodeFanout.Registered(topic, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onUnregister(Unregister unregister) {
    if (fanouts.remove(unregister.fanout())) {
      getContext().unwatch(unregister.fanout());
      startIdleTimer();
    }
    return this;
  }

  private Behavior<Command> onFanoutTerminated(FanoutTerminated terminated) {
    fanouts.remove(terminated.fanout());
    startIdleTimer();
    return this;
  }

  private Behavior<Command> onPublish(Publish publish) {
    NodeFanout.Deliver deliver = new NodeFanout.Deliver(publish.broadcast(), publish.exclude());
    for (ActorRef<NodeFanout.Command> fanout : fanouts) {
      fanout.tell(deliver);
    }
    if (publish.replyTo() != null) {
      publish.replyTo().tell(new Published(topic));
    }
    return this;
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
