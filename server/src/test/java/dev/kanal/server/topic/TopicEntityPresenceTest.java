package dev.kanal.server.topic;

import static dev.kanal.server.topic.PresenceJson.byKey;
import static dev.kanal.server.topic.PresenceJson.diff;
import static dev.kanal.server.topic.PresenceJson.meta;
import static dev.kanal.server.topic.PresenceJson.object;
import static dev.kanal.server.topic.PresenceJson.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The presence side of a topic entity spawned on its own: probes stand in for its shard, the nodes'
 * fan-outs and the subscribers (which the entity only names, never messages).
 */
@ExtendWith(LogCapturingExtension.class)
class TopicEntityPresenceTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final Duration PRESENCE_BATCH = Duration.ofMillis(100);
  static final Duration BURST_WINDOW = Duration.ofSeconds(3);
  /** Longer than a batch window, so a stray extra flush would show up. */
  static final Duration SILENCE = Duration.ofMillis(300);
  static final Duration NEVER = Duration.ofMinutes(10);

  static final AtomicInteger topics = new AtomicInteger();

  String topic;
  TestProbe<ClusterSharding.ShardCommand> shard;
  ActorRef<TopicEntity.Command> entity;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    topic = "room:presence-" + topics.incrementAndGet();
    shard = testKit.createTestProbe();
    entity = testKit.spawn(TopicEntity.create(topic, shard.ref(), NEVER, PRESENCE_BATCH));
  }

  TestProbe<NodeFanout.Command> fanout() {
    return testKit.createTestProbe();
  }

  TestProbe<Subscriber.Message> subscriber() {
    return testKit.createTestProbe();
  }

  void register(TestProbe<NodeFanout.Command> fanout) {
    register(fanout.ref(), fanout, List.of());
  }

  void register(ActorRef<NodeFanout.Command> fanout, TestProbe<NodeFanout.Command> hears, List<TopicEntity.Member> members) {
    entity.tell(new TopicEntity.Register(fanout, members, !members.isEmpty()));
    assertEquals(new NodeFanout.Registered(topic, entity), hears.receiveMessage(TIMEOUT));
  }

  NodeFanout.DeliverTo state(ObjectNode state, List<ActorRef<Subscriber.Message>> to) {
    return new NodeFanout.DeliverTo(new Broadcast(topic, "presence_state", Payload.json(state)), to);
  }

  NodeFanout.Deliver diffOf(ObjectNode joins, ObjectNode leaves) {
    return new NodeFanout.Deliver(new Broadcast(topic, "presence_diff", Payload.json(diff(joins, leaves))), null);
  }

  /** Joins {@code subscriber} on {@code fanout} and takes the state it gets after the window. */
  void joinAndTakeState(TestProbe<NodeFanout.Command> fanout, TestProbe<Subscriber.Message> subscriber, ObjectNode state) {
    entity.tell(new TopicEntity.Joined(fanout.ref(), subscriber.ref()));
    assertEquals(state(state, List.of(subscriber.ref())), fanout.receiveMessage(TIMEOUT));
  }

  /** The messages a fan-out gets from one flush, which sends a diff and a state in some order. */
  static List<NodeFanout.Command> flush(TestProbe<NodeFanout.Command> fanout, int count) {
    return fanout.receiveSeveralMessages(count, TIMEOUT);
  }

  static <T> T only(List<NodeFanout.Command> messages, Class<T> type) {
    List<T> ofType = messages.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, ofType.size(), () -> "exactly one " + type.getSimpleName() + " in " + messages);
    return ofType.get(0);
  }

  // ---- joins and presence_state

  @Test
  void aJoinedSubscriberGetsThePresenceStateOnlyAfterTheWindow() {
    TestProbe<NodeFanout.Command> fanout = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    register(fanout);

    entity.tell(new TopicEntity.Joined(fanout.ref(), subscriber.ref()));

    // The window starts when the entity handles Joined, so nothing can come in its first half.
    fanout.expectNoMessage(PRESENCE_BATCH.dividedBy(2));
    assertEquals(state(object(), List.of(subscriber.ref())), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
    subscriber.expectNoMessage(Duration.ZERO);
  }

  @Test
  void theStateAJoinerGetsHoldsWhatOthersTrack() {
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    register(fanoutA);
    register(fanoutB);
    joinAndTakeState(fanoutA, first, object());
    entity.tell(new TopicEntity.Track(first.ref(), "alice", meta("r1")));
    assertEquals(diffOf(byKey("alice", meta("r1")), object()), fanoutA.receiveMessage(TIMEOUT));
    assertEquals(diffOf(byKey("alice", meta("r1")), object()), fanoutB.receiveMessage(TIMEOUT));

    entity.tell(new TopicEntity.Joined(fanoutB.ref(), second.ref()));

    // Only the joiner's node hears the state, and only for the joiner.
    assertEquals(state(byKey("alice", meta("r1")), List.of(second.ref())), fanoutB.receiveMessage(TIMEOUT));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aJoinedFromAnUnregisteredFanoutIsIgnoredAndSoAreItsSubscribersTracks() {
    TestProbe<NodeFanout.Command> registered = fanout();
    TestProbe<NodeFanout.Command> stranger = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    register(registered);

    entity.tell(new TopicEntity.Joined(stranger.ref(), subscriber.ref()));
    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")));

    stranger.expectNoMessage(SILENCE);
    registered.expectNoMessage(Duration.ZERO);
  }

  // ---- track, update, untrack, left

  @Test
  void aTrackSendsOnePresenceDiffToEveryRegisteredFanout() {
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    register(fanoutA);
    register(fanoutB);
    joinAndTakeState(fanoutA, subscriber, object());

    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")));

    NodeFanout.Deliver expected = diffOf(byKey("alice", meta("r1")), object());
    assertEquals(expected, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(expected, fanoutB.receiveMessage(TIMEOUT));
    assertEquals(
        "{\"joins\":{\"alice\":{\"metas\":[{\"device\":\"d-r1\",\"phx_ref\":\"r1\"}]}},\"leaves\":{}}",
        ((Payload.Json) expected.broadcast().payload()).value().toString());
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aTrackFromASubscriberThatNeverJoinedIsIgnored() {
    TestProbe<NodeFanout.Command> fanout = fanout();
    TestProbe<Subscriber.Message> stranger = subscriber();
    TestProbe<Subscriber.Message> joiner = subscriber();
    register(fanout);

    entity.tell(new TopicEntity.Track(stranger.ref(), "mallory", meta("r1")));
    fanout.expectNoMessage(SILENCE);

    // Nor did it get into the state.
    joinAndTakeState(fanout, joiner, object());
    fanout.expectNoMessage(SILENCE);
  }

  @Test
  void aSecondTrackOfTheSameKeyIsAnUpdateThatLeavesTheOldMeta() {
    TestProbe<NodeFanout.Command> fanout = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    TestProbe<Subscriber.Message> later = subscriber();
    register(fanout);
    joinAndTakeState(fanout, subscriber, object());
    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")));
    assertEquals(diffOf(byKey("alice", meta("r1")), object()), fanout.receiveMessage(TIMEOUT));

    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", update("r2", "r1")));

    assertEquals(diffOf(byKey("alice", update("r2", "r1")), byKey("alice", meta("r1"))), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
    joinAndTakeState(fanout, later, byKey("alice", update("r2", "r1")));
  }

  @Test
  void aMetaTrackedAndUpdatedWithinOneWindowJoinsOnlyInItsLastVersion() {
    TestProbe<NodeFanout.Command> fanout = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    register(fanout);
    joinAndTakeState(fanout, subscriber, object());

    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")));
    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", update("r2", "r1")));

    assertEquals(diffOf(byKey("alice", update("r2", "r1")), object()), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
  }

  @Test
  void oneKeyHoldsTheMetasOfEverySubscriberTrackingIt() {
    TestProbe<NodeFanout.Command> fanout = fanout();
    TestProbe<Subscriber.Message> phone = subscriber();
    TestProbe<Subscriber.Message> laptop = subscriber();
    TestProbe<Subscriber.Message> later = subscriber();
    register(fanout);
    joinAndTakeState(fanout, phone, object());
    joinAndTakeState(fanout, laptop, object());
    entity.tell(new TopicEntity.Track(phone.ref(), "alice", meta("r1")));
    entity.tell(new TopicEntity.Track(laptop.ref(), "alice", meta("r2")));
    assertEquals(diffOf(byKey("alice", meta("r1"), "alice", meta("r2")), object()), fanout.receiveMessage(TIMEOUT));
    joinAndTakeState(fanout, later, byKey("alice", meta("r1"), "alice", meta("r2")));

    entity.tell(new TopicEntity.Left(phone.ref()));

    assertEquals(diffOf(object(), byKey("alice", meta("r1"))), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
  }

  @Test
  void untrackLeavesTheKeysMetaAndLeftLeavesEverythingTheSubscriberTracked() {
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    register(fanoutA);
    register(fanoutB);
    joinAndTakeState(fanoutA, subscriber, object());
    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")));
    entity.tell(new TopicEntity.Track(subscriber.ref(), "bob", meta("r2")));
    NodeFanout.Deliver tracked = diffOf(byKey("alice", meta("r1"), "bob", meta("r2")), object());
    assertEquals(tracked, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(tracked, fanoutB.receiveMessage(TIMEOUT));

    entity.tell(new TopicEntity.Untrack(subscriber.ref(), "alice"));
    NodeFanout.Deliver untracked = diffOf(object(), byKey("alice", meta("r1")));
    assertEquals(untracked, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(untracked, fanoutB.receiveMessage(TIMEOUT));

    // Untracking a key it does not track changes nothing.
    entity.tell(new TopicEntity.Untrack(subscriber.ref(), "alice"));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);

    entity.tell(new TopicEntity.Left(subscriber.ref()));
    NodeFanout.Deliver left = diffOf(object(), byKey("bob", meta("r2")));
    assertEquals(left, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(left, fanoutB.receiveMessage(TIMEOUT));

    // Gone: a second Left and a later Track change nothing.
    entity.tell(new TopicEntity.Left(subscriber.ref()));
    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r3")));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aSubscriberThatLeavesBeforeTheWindowEndsGetsNoState() {
    TestProbe<NodeFanout.Command> fanout = fanout();
    TestProbe<Subscriber.Message> stays = subscriber();
    TestProbe<Subscriber.Message> leaves = subscriber();
    register(fanout);

    entity.tell(new TopicEntity.Joined(fanout.ref(), stays.ref()));
    entity.tell(new TopicEntity.Joined(fanout.ref(), leaves.ref()));
    entity.tell(new TopicEntity.Left(leaves.ref()));

    assertEquals(state(object(), List.of(stays.ref())), fanout.receiveMessage(TIMEOUT));
    fanout.expectNoMessage(SILENCE);
  }

  // ---- batching: a burst into a large room

  @Test
  void aBurstOfJoinsIntoALargeRoomCostsOneDiffAndOneStatePerFanoutPerWindow() {
    // A window far longer than telling 400 local messages can take, so the whole burst is in one window.
    testKit.stop(entity);
    entity = testKit.spawn(TopicEntity.create(topic, shard.ref(), NEVER, BURST_WINDOW));
    int joiners = 200;
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    register(fanoutA);
    register(fanoutB);
    List<ActorRef<Subscriber.Message>> subscribers = new ArrayList<>();
    for (int i = 0; i < joiners; i++) {
      subscribers.add(subscriber().ref());
    }
    List<ActorRef<Subscriber.Message>> onA = new ArrayList<>();
    List<ActorRef<Subscriber.Message>> onB = new ArrayList<>();
    ObjectNode everyone = object();
    for (int i = 0; i < joiners; i++) {
      everyone.setAll(byKey("user-" + i, meta("r" + i)));
    }

    for (int i = 0; i < joiners; i++) {
      TestProbe<NodeFanout.Command> node = i % 4 == 0 ? fanoutB : fanoutA;
      (node == fanoutA ? onA : onB).add(subscribers.get(i));
      entity.tell(new TopicEntity.Joined(node.ref(), subscribers.get(i)));
      entity.tell(new TopicEntity.Track(subscribers.get(i), "user-" + i, meta("r" + i)));
    }
    for (TestProbe<NodeFanout.Command> node : List.of(fanoutA, fanoutB)) {
      List<NodeFanout.Command> window = node.receiveSeveralMessages(2, BURST_WINDOW.plus(TIMEOUT));
      assertEquals(diffOf(everyone, object()), only(window, NodeFanout.Deliver.class));
      assertEquals(state(everyone, node == fanoutA ? onA : onB), only(window, NodeFanout.DeliverTo.class));
    }
    assertEquals(150, onA.size());
    assertEquals(50, onB.size());
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);

    // And all of them leaving in one window is one diff per node, with no state.
    subscribers.forEach(subscriber -> entity.tell(new TopicEntity.Left(subscriber)));
    assertEquals(diffOf(object(), everyone), fanoutA.receiveMessage(BURST_WINDOW.plus(TIMEOUT)));
    assertEquals(diffOf(object(), everyone), fanoutB.receiveMessage(BURST_WINDOW.plus(TIMEOUT)));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
  }

  // ---- a node unregisters or dies

  @Test
  void anUnregisteredFanoutsSubscribersLeaveWithWhatTheyTracked() {
    TestProbe<NodeFanout.Command> stays = fanout();
    TestProbe<NodeFanout.Command> goes = fanout();
    TestProbe<Subscriber.Message> local = subscriber();
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    TestProbe<Subscriber.Message> later = subscriber();
    register(stays);
    register(goes);
    joinAndTakeState(stays, local, object());
    joinAndTakeState(goes, first, object());
    joinAndTakeState(goes, second, object());
    entity.tell(new TopicEntity.Track(local.ref(), "carol", meta("r0")));
    entity.tell(new TopicEntity.Track(first.ref(), "alice", meta("r1")));
    entity.tell(new TopicEntity.Track(second.ref(), "bob", meta("r2")));
    NodeFanout.Deliver tracked = diffOf(byKey("carol", meta("r0"), "alice", meta("r1"), "bob", meta("r2")), object());
    assertEquals(tracked, stays.receiveMessage(TIMEOUT));
    assertEquals(tracked, goes.receiveMessage(TIMEOUT));

    entity.tell(new TopicEntity.Unregister(goes.ref()));

    assertEquals(diffOf(object(), byKey("alice", meta("r1"), "bob", meta("r2"))), stays.receiveMessage(TIMEOUT));
    goes.expectNoMessage(SILENCE);
    stays.expectNoMessage(Duration.ZERO);
    joinAndTakeState(stays, later, byKey("carol", meta("r0")));
  }

  @Test
  void aDeadFanoutsSubscribersLeaveWithWhatTheyTracked() {
    TestProbe<NodeFanout.Command> stays = fanout();
    TestProbe<NodeFanout.Command> hears = fanout();
    ActorRef<NodeFanout.Command> dying = testKit.spawn(ForwardingActor.to(hears.ref()));
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    TestProbe<Subscriber.Message> later = subscriber();
    register(stays);
    register(dying, hears, List.of());
    entity.tell(new TopicEntity.Joined(dying, first.ref()));
    entity.tell(new TopicEntity.Joined(dying, second.ref()));
    entity.tell(new TopicEntity.Track(first.ref(), "alice", meta("r1")));
    entity.tell(new TopicEntity.Track(second.ref(), "bob", meta("r2")));
    entity.tell(new TopicEntity.Track(second.ref(), "bob-too", meta("r3")));
    ObjectNode tracked = byKey("alice", meta("r1"), "bob", meta("r2"), "bob-too", meta("r3"));
    assertEquals(diffOf(tracked, object()), stays.receiveMessage(TIMEOUT));
    List<NodeFanout.Command> window = flush(hears, 2);
    assertEquals(diffOf(tracked, object()), only(window, NodeFanout.Deliver.class));
    assertEquals(state(tracked, List.of(first.ref(), second.ref())), only(window, NodeFanout.DeliverTo.class));

    testKit.stop(dying);

    assertEquals(diffOf(object(), tracked), stays.receiveMessage(TIMEOUT));
    stays.expectNoMessage(SILENCE);
    hears.expectNoMessage(Duration.ZERO);
    joinAndTakeState(stays, later, object());
  }

  @Test
  void aFanoutThatUnregistersWithinTheWindowOfItsJoinCausesNeitherStateNorDiff() {
    TestProbe<NodeFanout.Command> stays = fanout();
    TestProbe<NodeFanout.Command> goes = fanout();
    TestProbe<Subscriber.Message> subscriber = subscriber();
    register(stays);
    register(goes);

    entity.tell(new TopicEntity.Joined(goes.ref(), subscriber.ref()));
    entity.tell(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")));
    entity.tell(new TopicEntity.Unregister(goes.ref()));

    // Joined, tracked and gone within one window: the merged diff is empty, and no state is due.
    stays.expectNoMessage(SILENCE);
    goes.expectNoMessage(Duration.ZERO);
  }

  // ---- a new incarnation learns from the surviving nodes

  @Test
  void registersWithMembersTeachANewIncarnationWhichSendsEveryMemberTheStateAndNoDiff() {
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    TestProbe<NodeFanout.Command> withoutMembers = fanout();
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    TestProbe<Subscriber.Message> quiet = subscriber();
    TestProbe<Subscriber.Message> third = subscriber();

    register(fanoutA.ref(), fanoutA, List.of(
        new TopicEntity.Member(first.ref(), Map.of("alice", meta("r1"))),
        new TopicEntity.Member(second.ref(), Map.of("bob", meta("r2"))),
        new TopicEntity.Member(quiet.ref(), Map.of())));
    register(fanoutB.ref(), fanoutB, List.of(
        new TopicEntity.Member(third.ref(), Map.of("carol", update("r4", "r3"), "dave", meta("r5")))));
    register(withoutMembers);

    ObjectNode everything =
        byKey("alice", meta("r1"), "bob", meta("r2"), "carol", update("r4", "r3"), "dave", meta("r5"));
    assertEquals(4, everything.size());
    NodeFanout.DeliverTo toA = (NodeFanout.DeliverTo) fanoutA.receiveMessage(TIMEOUT);
    assertEquals(state(everything, toA.subscribers()), toA);
    assertEquals(Set.of(first.ref(), second.ref(), quiet.ref()), new HashSet<>(toA.subscribers()));
    assertEquals(3, toA.subscribers().size());
    assertEquals(state(everything, List.of(third.ref())), fanoutB.receiveMessage(TIMEOUT));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
    withoutMembers.expectNoMessage(Duration.ZERO);

    // The members are members: their changes now go out as diffs, to every node.
    entity.tell(new TopicEntity.Track(quiet.ref(), "erin", meta("r6")));
    NodeFanout.Deliver diff = diffOf(byKey("erin", meta("r6")), object());
    assertEquals(diff, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(diff, fanoutB.receiveMessage(TIMEOUT));
    assertEquals(diff, withoutMembers.receiveMessage(TIMEOUT));
    entity.tell(new TopicEntity.Left(third.ref()));
    NodeFanout.Deliver left = diffOf(object(), byKey("carol", update("r4", "r3"), "dave", meta("r5")));
    assertEquals(left, fanoutA.receiveMessage(TIMEOUT));
    assertEquals(left, fanoutB.receiveMessage(TIMEOUT));
    assertEquals(left, withoutMembers.receiveMessage(TIMEOUT));
  }

  @Test
  void nodesReRegisteringWithinTheRebuildWindowGetOneStateBetweenThem() {
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    register(fanoutA.ref(), fanoutA, List.of(new TopicEntity.Member(first.ref(), Map.of("alice", meta("r1")))));

    // Longer than a presence batch: without the rebuild window A would already show bob as gone.
    fanoutA.expectNoMessage(PRESENCE_BATCH.multipliedBy(3));
    register(fanoutB.ref(), fanoutB, List.of(new TopicEntity.Member(second.ref(), Map.of("bob", meta("r2")))));

    ObjectNode both = byKey("alice", meta("r1"), "bob", meta("r2"));
    assertEquals(state(both, List.of(first.ref())), fanoutA.receiveMessage(TopicEntity.REBUILD_WINDOW.plus(TIMEOUT)));
    assertEquals(state(both, List.of(second.ref())), fanoutB.receiveMessage(TIMEOUT));
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
  }

  @Test
  void changesWithinTheRelearningWindowReachEveryMemberThroughTheState() {
    TestProbe<NodeFanout.Command> fanoutA = fanout();
    TestProbe<NodeFanout.Command> fanoutB = fanout();
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    TestProbe<Subscriber.Message> joiner = subscriber();
    register(fanoutA.ref(), fanoutA, List.of(new TopicEntity.Member(first.ref(), Map.of("alice", meta("r1")))));
    register(fanoutB.ref(), fanoutB, List.of(new TopicEntity.Member(second.ref(), Map.of("bob", meta("r2")))));

    entity.tell(new TopicEntity.Track(first.ref(), "alice", update("r3", "r1")));
    entity.tell(new TopicEntity.Untrack(second.ref(), "bob"));
    entity.tell(new TopicEntity.Joined(fanoutB.ref(), joiner.ref()));

    ObjectNode now = byKey("alice", update("r3", "r1"));
    assertEquals(state(now, List.of(first.ref())), fanoutA.receiveMessage(TIMEOUT));
    NodeFanout.DeliverTo toB = (NodeFanout.DeliverTo) fanoutB.receiveMessage(TIMEOUT);
    assertEquals(state(now, toB.subscribers()), toB);
    assertEquals(Set.of(second.ref(), joiner.ref()), new HashSet<>(toB.subscribers()));
    assertEquals(2, toB.subscribers().size());
    fanoutA.expectNoMessage(SILENCE);
    fanoutB.expectNoMessage(Duration.ZERO);
  }
}
