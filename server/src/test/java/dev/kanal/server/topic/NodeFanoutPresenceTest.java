package dev.kanal.server.topic;

import static dev.kanal.server.topic.PresenceJson.byKey;
import static dev.kanal.server.topic.PresenceJson.meta;
import static dev.kanal.server.topic.PresenceJson.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.metrics.KanalMetrics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The presence side of a node's fan-out, against probes for the topic entities and the subscribers. */
@ExtendWith(LogCapturingExtension.class)
class NodeFanoutPresenceTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final Duration SILENCE = Duration.ofMillis(300);

  static final String TOPIC = "room:a";
  static final String OTHER_TOPIC = "room:b";
  static final Broadcast STATE =
      new Broadcast(TOPIC, "presence_state", Payload.json(byKey("alice", PresenceJson.object().put("phx_ref", "r1"))));
  static final Frame V2_STATE =
      new Frame.Text("[null,null,\"room:a\",\"presence_state\",{\"alice\":{\"metas\":[{\"phx_ref\":\"r1\"}]}}]");
  static final Frame V1_STATE =
      new Frame.Text(
          "{\"topic\":\"room:a\",\"event\":\"presence_state\","
              + "\"payload\":{\"alice\":{\"metas\":[{\"phx_ref\":\"r1\"}]}},\"ref\":null}");

  /** Stands in for the entity of {@link #TOPIC}. */
  TestProbe<TopicEntity.Command> entity;
  /** Stands in for the entity of {@link #OTHER_TOPIC}. */
  TestProbe<TopicEntity.Command> otherEntity;
  ActorRef<NodeFanout.Command> fanout;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    entity = testKit.createTestProbe();
    otherEntity = testKit.createTestProbe();
    TestProbe<TopicEntity.Command> a = entity;
    TestProbe<TopicEntity.Command> b = otherEntity;
    fanout = testKit.spawn(NodeFanout.create(topic -> topic.equals(OTHER_TOPIC) ? b.ref() : a.ref(), new KanalMetrics()));
  }

  TestProbe<Subscriber.Message> subscriber() {
    return testKit.createTestProbe();
  }

  /** The first presence subscriber of {@link #TOPIC}: registers, is admitted, and joins. */
  void subscribeFirst(ActorRef<Subscriber.Message> subscriber, TestProbe<Subscriber.Message> hears, long joinId,
      ActorRef<TopicEntity.Command> incarnation) {
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber, PhoenixDialect.V2, joinId, true, TestInbox.of(subscriber, PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, incarnation));
    assertEquals(new Subscriber.Admitted(TOPIC, joinId), hears.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, subscriber), entity.receiveMessage(TIMEOUT));
  }

  void subscribeFirst(TestProbe<Subscriber.Message> subscriber, long joinId) {
    subscribeFirst(subscriber.ref(), subscriber, joinId, entity.ref());
  }

  /** A further presence subscriber of the registered {@link #TOPIC}: admitted and joined at once. */
  void subscribeMore(ActorRef<Subscriber.Message> subscriber, TestProbe<Subscriber.Message> hears, long joinId,
      PhoenixDialect serializer) {
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber, serializer, joinId, true, TestInbox.of(subscriber, serializer)));
    assertEquals(new Subscriber.Admitted(TOPIC, joinId), hears.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, subscriber), entity.receiveMessage(TIMEOUT));
  }

  void subscribeMore(TestProbe<Subscriber.Message> subscriber, long joinId) {
    subscribeMore(subscriber.ref(), subscriber, joinId, PhoenixDialect.V2);
  }

  // ---- subscribing

  @Test
  void aPresenceSubscriberJoinsTheEntityOnlyOnceAdmitted() {
    TestProbe<Subscriber.Message> subscriber = subscriber();

    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, true, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));

    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
    subscriber.expectNoMessage(Duration.ZERO);

    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new Subscriber.Admitted(TOPIC, 1), subscriber.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, subscriber.ref()), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
    subscriber.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aLaterPresenceSubscriberJoinsAtOnceWithoutAnotherRegister() {
    subscribeFirst(subscriber(), 1);
    TestProbe<Subscriber.Message> second = subscriber();

    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, true, TestInbox.of(second.ref(), PhoenixDialect.V2)));

    assertEquals(new Subscriber.Admitted(TOPIC, 2), second.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, second.ref()), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void subscribingAgainLeavesThenJoinsAgain() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    subscribeFirst(subscriber, 1);
    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", meta("r1")));
    assertEquals(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 2, true, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));

    assertEquals(new TopicEntity.Left(subscriber.ref()), entity.receiveMessage(TIMEOUT));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), subscriber.receiveMessage(TIMEOUT));
    // The old subscription's track went with it.
    assertEquals(new TopicEntity.Joined(fanout, subscriber.ref()), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  // ---- track and untrack

  @Test
  void aTrackBeforeAdmissionIsHeldAndSentRightAfterJoined() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, true, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", meta("r1")));
    entity.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new Subscriber.Admitted(TOPIC, 1), subscriber.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, subscriber.ref()), entity.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void onlyTheLastHeldTrackOfAKeyIsSentAndAHeldUntrackCancelsItsTrack() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, true, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", meta("r1")));
    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", update("r2", "r1")));
    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "bob", meta("r3")));
    fanout.tell(new NodeFanout.Untrack(TOPIC, subscriber.ref(), "bob"));
    entity.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new TopicEntity.Joined(fanout, subscriber.ref()), entity.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Track(subscriber.ref(), "alice", update("r2", "r1")), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void tracksAndUntracksAfterAdmissionAreForwarded() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    subscribeFirst(subscriber, 1);

    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", meta("r1")));
    assertEquals(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", update("r2", "r1")));
    assertEquals(new TopicEntity.Track(subscriber.ref(), "alice", update("r2", "r1")), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Untrack(TOPIC, subscriber.ref(), "alice"));
    assertEquals(new TopicEntity.Untrack(subscriber.ref(), "alice"), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
    subscriber.expectNoMessage(Duration.ZERO);
  }

  @Test
  void untrackingAKeyNotTrackedIsNotForwarded() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    subscribeFirst(subscriber, 1);
    fanout.tell(new NodeFanout.Track(TOPIC, subscriber.ref(), "alice", meta("r1")));
    assertEquals(new TopicEntity.Track(subscriber.ref(), "alice", meta("r1")), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Untrack(TOPIC, subscriber.ref(), "bob"));
    fanout.tell(new NodeFanout.Untrack(TOPIC, subscriber.ref(), "alice"));
    fanout.tell(new NodeFanout.Untrack(TOPIC, subscriber.ref(), "alice"));

    assertEquals(new TopicEntity.Untrack(subscriber.ref(), "alice"), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void tracksFromConnectionsThatDidNotSubscribeTheTopicAreIgnored() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    TestProbe<Subscriber.Message> stranger = subscriber();
    subscribeFirst(subscriber, 1);

    fanout.tell(new NodeFanout.Track(TOPIC, stranger.ref(), "mallory", meta("r1")));
    fanout.tell(new NodeFanout.Track(OTHER_TOPIC, subscriber.ref(), "alice", meta("r2")));
    fanout.tell(new NodeFanout.Untrack(TOPIC, stranger.ref(), "mallory"));

    entity.expectNoMessage(SILENCE);
    otherEntity.expectNoMessage(Duration.ZERO);
  }

  // ---- leaving

  @Test
  void unsubscribingOneOfTwoLeavesAndUnsubscribingTheLastUnregisters() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    subscribeFirst(first, 1);
    subscribeMore(second, 2);

    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, first.ref()));
    assertEquals(new TopicEntity.Left(first.ref()), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);

    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, second.ref()));
    // The entity drops a node's subscribers with the node: no Left before the Unregister.
    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void aTrackAfterUnsubscribingIsIgnored() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    subscribeFirst(first, 1);
    subscribeMore(second, 2);
    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, first.ref()));
    assertEquals(new TopicEntity.Left(first.ref()), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Track(TOPIC, first.ref(), "alice", meta("r1")));

    entity.expectNoMessage(SILENCE);
  }

  @Test
  void aSubscriberThatStopsLeaves() {
    TestProbe<Subscriber.Message> stays = subscriber();
    TestProbe<Subscriber.Message> hears = subscriber();
    ActorRef<Subscriber.Message> stops = testKit.spawn(ForwardingActor.to(hears.ref()));
    subscribeFirst(stays, 1);
    subscribeMore(stops, hears, 2, PhoenixDialect.V2);
    fanout.tell(new NodeFanout.Track(TOPIC, stops, "alice", meta("r1")));
    assertEquals(new TopicEntity.Track(stops, "alice", meta("r1")), entity.receiveMessage(TIMEOUT));

    testKit.stop(stops);

    assertEquals(new TopicEntity.Left(stops), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void theLastSubscriberStoppingUnregistersWithoutLeft() {
    TestProbe<Subscriber.Message> hears = subscriber();
    ActorRef<Subscriber.Message> stops = testKit.spawn(ForwardingActor.to(hears.ref()));
    subscribeFirst(stops, hears, 1, entity.ref());

    testKit.stop(stops);

    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void unsubscribingBeforeAdmissionSendsNoLeft() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> waiting = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, first.ref(), PhoenixDialect.V2, 1, true, TestInbox.of(first.ref(), PhoenixDialect.V2)));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, waiting.ref(), PhoenixDialect.V2, 2, true, TestInbox.of(waiting.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Track(TOPIC, waiting.ref(), "bob", meta("r2")));
    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, waiting.ref()));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new Subscriber.Admitted(TOPIC, 1), first.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, first.ref()), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
    waiting.expectNoMessage(Duration.ZERO);
  }

  // ---- a new entity incarnation

  @Test
  void whenTheEntityStopsTheNodeRegistersAgainWithEveryMemberAndWhatItTracks() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    TestProbe<Subscriber.Message> quiet = subscriber();
    ActorRef<TopicEntity.Command> incarnation = testKit.spawn(ForwardingActor.to(entity.ref()));
    subscribeFirst(first.ref(), first, 1, incarnation);
    subscribeMore(second, 2);
    subscribeMore(quiet, 3);
    fanout.tell(new NodeFanout.Track(TOPIC, first.ref(), "alice", meta("r1")));
    fanout.tell(new NodeFanout.Track(TOPIC, first.ref(), "alice", update("r2", "r1")));
    fanout.tell(new NodeFanout.Track(TOPIC, second.ref(), "bob", meta("r3")));
    fanout.tell(new NodeFanout.Track(TOPIC, second.ref(), "bob-too", meta("r4")));
    fanout.tell(new NodeFanout.Track(TOPIC, quiet.ref(), "carol", meta("r5")));
    fanout.tell(new NodeFanout.Untrack(TOPIC, quiet.ref(), "carol"));
    assertEquals(6, entity.receiveSeveralMessages(6, TIMEOUT).size());

    testKit.stop(incarnation);

    TopicEntity.Register register = (TopicEntity.Register) entity.receiveMessage(TIMEOUT);
    assertEquals(fanout, register.fanout());
    assertEquals(
        Set.of(
            new TopicEntity.Member(first.ref(), Map.of("alice", update("r2", "r1"))),
            new TopicEntity.Member(second.ref(), Map.of("bob", meta("r3"), "bob-too", meta("r4"))),
            new TopicEntity.Member(quiet.ref(), Map.of())),
        new HashSet<>(register.members()));
    assertEquals(3, register.members().size());
    entity.expectNoMessage(SILENCE);

    // The new incarnation learnt the members from the Register: nobody joins it again.
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    entity.expectNoMessage(SILENCE);
    first.expectNoMessage(Duration.ZERO);
    // And changes now go to it.
    fanout.tell(new NodeFanout.Untrack(TOPIC, second.ref(), "bob"));
    assertEquals(new TopicEntity.Untrack(second.ref(), "bob"), entity.receiveMessage(TIMEOUT));
  }

  @Test
  void aSubscriberArrivingWhileReRegisteringJoinsTheNewIncarnationWithItsHeldTrack() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    ActorRef<TopicEntity.Command> incarnation = testKit.spawn(ForwardingActor.to(entity.ref()));
    subscribeFirst(first.ref(), first, 1, incarnation);
    testKit.stop(incarnation);
    assertEquals(
        new TopicEntity.Register(fanout, List.of(new TopicEntity.Member(first.ref(), Map.of())), true),
        entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, true, TestInbox.of(second.ref(), PhoenixDialect.V2)));
    fanout.tell(new NodeFanout.Track(TOPIC, second.ref(), "bob", meta("r1")));
    entity.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new Subscriber.Admitted(TOPIC, 2), second.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Joined(fanout, second.ref()), entity.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Track(second.ref(), "bob", meta("r1")), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  // ---- deliveries to listed subscribers

  @Test
  void deliverToPushesToEachListedAdmittedSubscriberInItsOwnDialect() {
    TestProbe<Subscriber.Message> v2a = subscriber();
    TestProbe<Subscriber.Message> v2b = subscriber();
    TestProbe<Subscriber.Message> v1 = subscriber();
    TestProbe<Subscriber.Message> notListed = subscriber();
    TestProbe<Subscriber.Message> stranger = subscriber();
    subscribeFirst(v2a, 1);
    subscribeMore(v2b, 2);
    subscribeMore(v1.ref(), v1, 3, PhoenixDialect.V1);
    subscribeMore(notListed, 4);

    fanout.tell(new NodeFanout.DeliverTo(STATE, List.of(v2a.ref(), stranger.ref(), v1.ref(), v2b.ref())));

    Subscriber.Delivery toA = v2a.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    Subscriber.Delivery toB = v2b.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    Subscriber.Delivery toV1 = v1.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    assertEquals(new Subscriber.Delivery(TOPIC, V2_STATE), toA);
    assertEquals(new Subscriber.Delivery(TOPIC, V2_STATE), toB);
    assertEquals(new Subscriber.Delivery(TOPIC, V1_STATE), toV1);
    notListed.expectNoMessage(SILENCE);
    stranger.expectNoMessage(Duration.ZERO);
    v2a.expectNoMessage(Duration.ZERO);
    v2b.expectNoMessage(Duration.ZERO);
    v1.expectNoMessage(Duration.ZERO);
    entity.expectNoMessage(Duration.ZERO);
  }

  @Test
  void deliverToSkipsAListedSubscriberThatIsNotAdmittedYet() {
    TestProbe<Subscriber.Message> admitted = subscriber();
    TestProbe<Subscriber.Message> waiting = subscriber();
    ActorRef<TopicEntity.Command> incarnation = testKit.spawn(ForwardingActor.to(entity.ref()));
    subscribeFirst(admitted.ref(), admitted, 1, incarnation);
    testKit.stop(incarnation);
    entity.expectMessageClass(TopicEntity.Register.class, TIMEOUT);
    fanout.tell(new NodeFanout.Subscribe(TOPIC, waiting.ref(), PhoenixDialect.V2, 2, true, TestInbox.of(waiting.ref(), PhoenixDialect.V2)));

    fanout.tell(new NodeFanout.DeliverTo(STATE, List.of(waiting.ref(), admitted.ref())));

    assertEquals(new Subscriber.Delivery(TOPIC, V2_STATE), admitted.receiveMessage(TIMEOUT));
    waiting.expectNoMessage(SILENCE);
  }

  @Test
  void deliverToOfATopicWithNoLocalSubscribersIsDropped() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(OTHER_TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, true, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), otherEntity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(OTHER_TOPIC, otherEntity.ref()));
    assertEquals(new Subscriber.Admitted(OTHER_TOPIC, 1), subscriber.receiveMessage(TIMEOUT));

    // STATE is for TOPIC, which this subscriber is not on, even though it is listed.
    fanout.tell(new NodeFanout.DeliverTo(STATE, List.of(subscriber.ref())));

    subscriber.expectNoMessage(SILENCE);
  }

  // ---- a topic without presence

  @Test
  void aTopicWithoutPresenceSendsTheEntityNoJoinedTrackOrLeft() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    ActorRef<TopicEntity.Command> incarnation = testKit.spawn(ForwardingActor.to(entity.ref()));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, first.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(first.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Track(TOPIC, first.ref(), "alice", meta("r1")));
    fanout.tell(new NodeFanout.Registered(TOPIC, incarnation));
    assertEquals(new Subscriber.Admitted(TOPIC, 1), first.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(second.ref(), PhoenixDialect.V2)));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), second.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Track(TOPIC, second.ref(), "bob", meta("r2")));
    fanout.tell(new NodeFanout.Untrack(TOPIC, second.ref(), "bob"));
    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, first.ref()));
    entity.expectNoMessage(SILENCE);

    // A new incarnation learns no members of a topic without presence.
    testKit.stop(incarnation);
    assertEquals(new TopicEntity.Register(fanout, List.of(), true), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, second.ref()));
    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }
}
