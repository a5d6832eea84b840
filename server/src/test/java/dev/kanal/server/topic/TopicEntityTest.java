package dev.kanal.server.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Payload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A topic entity spawned on its own, with a probe standing in for its shard. */
@ExtendWith(LogCapturingExtension.class)
class TopicEntityTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final Duration SILENCE = Duration.ofMillis(300);
  static final Duration PASSIVATE_AFTER = Duration.ofMillis(200);
  /** For tests that are not about passivation: long enough never to fire while they run. */
  static final Duration NEVER = Duration.ofMinutes(10);
  static final Duration PRESENCE_BATCH = Duration.ofMillis(20);

  static final AtomicInteger topics = new AtomicInteger();

  String topic;
  TestProbe<ClusterSharding.ShardCommand> shard;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    topic = "room:" + topics.incrementAndGet();
    shard = testKit.createTestProbe();
  }

  ActorRef<TopicEntity.Command> spawnEntity(Duration passivateAfter) {
    return testKit.spawn(TopicEntity.create(topic, shard.ref(), passivateAfter, PRESENCE_BATCH));
  }

  Broadcast broadcast(String event) {
    return new Broadcast(topic, event, Payload.json(JsonNodeFactory.instance.objectNode().put("a", 1)));
  }

  /** Registers {@code fanout} and waits for the entity's answer. */
  static void register(ActorRef<TopicEntity.Command> entity, ActorRef<NodeFanout.Command> fanout,
      TestProbe<NodeFanout.Command> hears, String topic) {
    entity.tell(new TopicEntity.Register(fanout, List.of(), false));
    hears.expectMessage(TIMEOUT, new NodeFanout.Registered(topic, entity));
  }

  @Test
  void registerIsAnsweredWithRegisteredNamingTheEntity() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();

    entity.tell(new TopicEntity.Register(fanout.ref(), List.of(), false));

    assertEquals(new NodeFanout.Registered(topic, entity), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
  }

  @Test
  void publishSendsExactlyOneDeliverToEveryRegisteredFanoutAndAnswersPublished() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> fanoutA = testKit.createTestProbe();
    TestProbe<NodeFanout.Command> fanoutB = testKit.createTestProbe();
    TestProbe<Subscriber.Message> sender = testKit.createTestProbe();
    TestProbe<TopicEntity.Published> replyTo = testKit.createTestProbe();
    register(entity, fanoutA.ref(), fanoutA, topic);
    register(entity, fanoutB.ref(), fanoutB, topic);

    Broadcast broadcast = broadcast("ev");
    entity.tell(new TopicEntity.Publish(broadcast, sender.ref(), replyTo.ref()));

    NodeFanout.Deliver expected = new NodeFanout.Deliver(broadcast, sender.ref());
    assertEquals(expected, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(expected, fanoutB.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Published(topic), replyTo.receiveMessage(TIMEOUT));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
    replyTo.expectNoMessage(Duration.ZERO);
    sender.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aReturningNodeGetsWhatTheIncarnationAlreadySentInOrderAndAFirstRegisterDoesNot() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> early = testKit.createTestProbe();
    TestProbe<TopicEntity.ChangeTaken> taken = testKit.createTestProbe();
    register(entity, early.ref(), early, topic);
    Broadcast first = broadcast("first");
    Change change = new Change("c", 7, Change.Action.CREATE, JsonNodeFactory.instance.numberNode(1), null,
        JsonNodeFactory.instance.objectNode().put("id", 1));
    entity.tell(new TopicEntity.Publish(first, null, null));
    entity.tell(new TopicEntity.PublishChange(change, true, taken.ref()));
    taken.receiveMessage(TIMEOUT);

    TestProbe<NodeFanout.Command> returning = testKit.createTestProbe();
    entity.tell(new TopicEntity.Register(returning.ref(), List.of(), true));
    assertEquals(new NodeFanout.Deliver(first, null), returning.receiveMessage(TIMEOUT));
    assertEquals(new NodeFanout.DeliverChange(topic, change), returning.receiveMessage(TIMEOUT));
    assertEquals(new NodeFanout.Registered(topic, entity), returning.receiveMessage(TIMEOUT));

    TestProbe<NodeFanout.Command> newcomer = testKit.createTestProbe();
    register(entity, newcomer.ref(), newcomer, topic);
    newcomer.expectNoMessage(SILENCE);
    returning.expectNoMessage(Duration.ZERO);
  }

  @Test
  void pastTheCatchUpLimitAReturningNodeGetsNothingOld() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> early = testKit.createTestProbe();
    register(entity, early.ref(), early, topic);
    for (int i = 0; i <= TopicEntity.CATCH_UP_LIMIT; i++) {
      entity.tell(new TopicEntity.Publish(broadcast("ev"), null, null));
    }
    early.receiveSeveralMessages(TopicEntity.CATCH_UP_LIMIT + 1, TIMEOUT);

    TestProbe<NodeFanout.Command> returning = testKit.createTestProbe();
    entity.tell(new TopicEntity.Register(returning.ref(), List.of(), true));

    assertEquals(new NodeFanout.Registered(topic, entity), returning.receiveMessage(TIMEOUT));
  }

  @Test
  void publishWithoutExcludeCarriesNullExclude() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();
    register(entity, fanout.ref(), fanout, topic);

    Broadcast broadcast = broadcast("ev");
    entity.tell(new TopicEntity.Publish(broadcast, null, null));

    assertEquals(new NodeFanout.Deliver(broadcast, null), fanout.receiveMessage(TIMEOUT));
  }

  @Test
  void aFanoutThatRegistersTwiceGetsOneDeliverPerPublish() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();
    register(entity, fanout.ref(), fanout, topic);
    register(entity, fanout.ref(), fanout, topic);

    Broadcast broadcast = broadcast("ev");
    entity.tell(new TopicEntity.Publish(broadcast, null, null));

    assertEquals(new NodeFanout.Deliver(broadcast, null), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
  }

  @Test
  void publishWithNoFanoutsStillAnswersPublished() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<TopicEntity.Published> replyTo = testKit.createTestProbe();

    entity.tell(new TopicEntity.Publish(broadcast("ev"), null, replyTo.ref()));

    assertEquals(new TopicEntity.Published(topic), replyTo.receiveMessage(TIMEOUT));
  }

  @Test
  void anUnregisteredFanoutNoLongerHearsPublishes() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> stays = testKit.createTestProbe();
    TestProbe<NodeFanout.Command> leaves = testKit.createTestProbe();
    TestProbe<TopicEntity.Published> replyTo = testKit.createTestProbe();
    register(entity, stays.ref(), stays, topic);
    register(entity, leaves.ref(), leaves, topic);

    entity.tell(new TopicEntity.Unregister(leaves.ref()));
    Broadcast broadcast = broadcast("ev");
    entity.tell(new TopicEntity.Publish(broadcast, null, replyTo.ref()));

    assertEquals(new NodeFanout.Deliver(broadcast, null), stays.receiveMessage(TIMEOUT));
    replyTo.receiveMessage(TIMEOUT);
    leaves.expectNoMessage(SILENCE);
  }

  @Test
  void anEntityNobodyRegistersWithPassivatesAfterTheIdleTime() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(PASSIVATE_AFTER);

    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage(TIMEOUT));
    shard.expectNoMessage(SILENCE);
  }

  @Test
  void unregisterOfTheLastFanoutPassivatesAfterTheIdleTime() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(PASSIVATE_AFTER);
    TestProbe<NodeFanout.Command> fanoutA = testKit.createTestProbe();
    TestProbe<NodeFanout.Command> fanoutB = testKit.createTestProbe();
    register(entity, fanoutA.ref(), fanoutA, topic);
    register(entity, fanoutB.ref(), fanoutB, topic);
    // Registered fan-outs keep it alive well past the idle time.
    shard.expectNoMessage(PASSIVATE_AFTER.multipliedBy(3));

    entity.tell(new TopicEntity.Unregister(fanoutA.ref()));
    shard.expectNoMessage(PASSIVATE_AFTER.multipliedBy(3));

    entity.tell(new TopicEntity.Unregister(fanoutB.ref()));
    // Not at once: only after passivateAfter.
    shard.expectNoMessage(PASSIVATE_AFTER.dividedBy(2));
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage(TIMEOUT));
  }

  @Test
  void aRegisterWithinTheIdleTimeCancelsPassivation() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(PASSIVATE_AFTER);
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();
    register(entity, fanout.ref(), fanout, topic);

    entity.tell(new TopicEntity.Unregister(fanout.ref()));
    register(entity, fanout.ref(), fanout, topic);

    shard.expectNoMessage(PASSIVATE_AFTER.multipliedBy(3));
  }

  @Test
  void aRegisterAfterPassivationStartedIsAnsweredPassivating() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(PASSIVATE_AFTER);
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();
    TestProbe<TopicEntity.Published> replyTo = testKit.createTestProbe();
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage(TIMEOUT));

    entity.tell(new TopicEntity.Register(fanout.ref(), List.of(), false));

    assertEquals(new NodeFanout.Passivating(topic), fanout.receiveMessage(TIMEOUT));
    // It was not registered: no Registered, and no broadcast reaches it.
    entity.tell(new TopicEntity.Publish(broadcast("ev"), null, replyTo.ref()));
    replyTo.receiveMessage(TIMEOUT);
    fanout.expectNoMessage(SILENCE);
    shard.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aRegisteredFanoutThatDiesIsDroppedAndPassivationStarts() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(PASSIVATE_AFTER);
    TestProbe<NodeFanout.Command> hears = testKit.createTestProbe();
    ActorRef<NodeFanout.Command> fanout = testKit.spawn(ForwardingActor.to(hears.ref()));
    TestProbe<NodeFanout.Deliver> deadDelivers = deliversToDeadLetters();
    register(entity, fanout, hears, topic);
    shard.expectNoMessage(PASSIVATE_AFTER.multipliedBy(2));

    testKit.stop(fanout);

    // The entity saw it die: with no fan-out left it passivates.
    assertEquals(new ClusterSharding.Passivate<>(entity), shard.receiveMessage(TIMEOUT));
    // Sanity check of the dead-letter probe: a Deliver told to the dead fan-out shows up there.
    NodeFanout.Deliver direct = new NodeFanout.Deliver(broadcast("direct"), null);
    fanout.tell(direct);
    assertEquals(direct, deadDelivers.receiveMessage(TIMEOUT));
    // The entity no longer sends anything to it.
    TestProbe<TopicEntity.Published> replyTo = testKit.createTestProbe();
    entity.tell(new TopicEntity.Publish(broadcast("later"), null, replyTo.ref()));
    assertEquals(new TopicEntity.Published(topic), replyTo.receiveMessage(TIMEOUT));
    deadDelivers.expectNoMessage(SILENCE);
    hears.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aDeadFanoutDoesNotPassivateTheEntityWhileOthersRemain() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(PASSIVATE_AFTER);
    TestProbe<NodeFanout.Command> living = testKit.createTestProbe();
    TestProbe<NodeFanout.Command> hears = testKit.createTestProbe();
    ActorRef<NodeFanout.Command> dying = testKit.spawn(ForwardingActor.to(hears.ref()));
    register(entity, living.ref(), living, topic);
    register(entity, dying, hears, topic);

    testKit.stop(dying);

    shard.expectNoMessage(PASSIVATE_AFTER.multipliedBy(3));
    Broadcast broadcast = broadcast("ev");
    entity.tell(new TopicEntity.Publish(broadcast, null, null));
    assertEquals(new NodeFanout.Deliver(broadcast, null), living.receiveMessage(TIMEOUT));
    living.expectNoMessage(SILENCE);
  }

  @Test
  void stopStopsTheEntity() {
    ActorRef<TopicEntity.Command> entity = spawnEntity(NEVER);
    TestProbe<NodeFanout.Command> fanout = testKit.createTestProbe();
    register(entity, fanout.ref(), fanout, topic);

    entity.tell(TopicEntity.Stop.INSTANCE);

    fanout.expectTerminated(entity, TIMEOUT);
  }

  /** Every {@link NodeFanout.Deliver} of this test's topic that ends in dead letters. */
  TestProbe<NodeFanout.Deliver> deliversToDeadLetters() {
    TestProbe<NodeFanout.Deliver> probe = testKit.createTestProbe();
    String ours = topic;
    ActorRef<DeadLetter> filter =
        testKit.spawn(
            Behaviors.receiveMessage(
                (DeadLetter dead) -> {
                  if (dead.message() instanceof NodeFanout.Deliver deliver
                      && deliver.broadcast().topic().equals(ours)) {
                    probe.ref().tell(deliver);
                  }
                  return Behaviors.same();
                }));
    testKit.system().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, filter));
    return probe;
  }
}
