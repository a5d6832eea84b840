package dev.kanal.server.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.metrics.KanalMetrics;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node's fan-out against probes for the topic entities and the subscribing connections. */
@ExtendWith(LogCapturingExtension.class)
class NodeFanoutTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final Duration SILENCE = Duration.ofMillis(300);

  static final String TOPIC = "room:a";
  static final String OTHER_TOPIC = "room:b";
  static final Broadcast BROADCAST =
      new Broadcast(TOPIC, "ev", Payload.json(JsonNodeFactory.instance.objectNode().put("a", 1)));
  static final Frame V2_FRAME = new Frame.Text("[null,null,\"room:a\",\"ev\",{\"a\":1}]");
  static final Frame V1_FRAME =
      new Frame.Text("{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":{\"a\":1},\"ref\":null}");

  /** Stands in for the entity of {@link #TOPIC}. */
  TestProbe<TopicEntity.Command> entity;
  /** Stands in for the entity of {@link #OTHER_TOPIC}: each topic has its own entity. */
  TestProbe<TopicEntity.Command> otherEntity;
  ActorRef<NodeFanout.Command> fanout;
  KanalMetrics metrics;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    metrics = new KanalMetrics();
    entity = testKit.createTestProbe();
    otherEntity = testKit.createTestProbe();
    TestProbe<TopicEntity.Command> a = entity;
    TestProbe<TopicEntity.Command> b = otherEntity;
    fanout = testKit.spawn(NodeFanout.create(topic -> topic.equals(OTHER_TOPIC) ? b.ref() : a.ref(), metrics));
  }

  TestProbe<Subscriber.Message> subscriber() {
    return testKit.createTestProbe();
  }

  /** Subscribes to {@link #TOPIC}, has the entity accept the node, and waits until admitted. */
  void subscribeRegistered(TestProbe<Subscriber.Message> subscriber, long joinId) {
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, joinId, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    assertEquals(new Subscriber.Admitted(TOPIC, joinId), subscriber.receiveMessage(TIMEOUT));
  }

  @Test
  void theFirstSubscribeRegistersTheNodeWithTheTopicEntity() {
    TestProbe<Subscriber.Message> subscriber = subscriber();

    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));

    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void aRegisterThatGoesUnansweredIsSentAgainUntilTheEntityAnswers() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    TopicEntity.Register register = new TopicEntity.Register(fanout, List.of(), false);
    assertEquals(register, entity.receiveMessage(TIMEOUT));

    assertEquals(register, entity.receiveMessage(NodeFanout.REGISTER_TIMEOUT.plus(TIMEOUT)));
    assertEquals(register, entity.receiveMessage(NodeFanout.REGISTER_TIMEOUT.plus(TIMEOUT)));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    assertEquals(new Subscriber.Admitted(TOPIC, 1), subscriber.receiveMessage(TIMEOUT));

    entity.expectNoMessage(NodeFanout.REGISTER_TIMEOUT.multipliedBy(2));
  }

  @Test
  void beforeRegisteredTheSubscriberGetsNothingThenItIsAdmitted() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 7, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));
    subscriber.expectNoMessage(SILENCE);

    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    assertEquals(new Subscriber.Admitted(TOPIC, 7), subscriber.receiveMessage(TIMEOUT));
    subscriber.expectNoMessage(SILENCE);
  }

  @Test
  void everySubscriberWaitingForRegistrationIsAdmittedWithItsOwnJoinId() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, first.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(first.ref(), PhoenixDialect.V2)));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V1, 2, false, TestInbox.of(second.ref(), PhoenixDialect.V1)));

    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new Subscriber.Admitted(TOPIC, 1), first.receiveMessage(TIMEOUT));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), second.receiveMessage(TIMEOUT));
  }

  @Test
  void aSecondSubscriberOfARegisteredTopicIsAdmittedAtOnceWithoutASecondRegister() {
    subscribeRegistered(subscriber(), 1);
    TestProbe<Subscriber.Message> second = subscriber();

    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(second.ref(), PhoenixDialect.V2)));

    assertEquals(new Subscriber.Admitted(TOPIC, 2), second.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void aBroadcastOneWireCannotCarryMissesOnlyThatWireAndTheFanoutGoesOn() {
    TestProbe<Subscriber.Message> v2 = subscriber();
    TestProbe<Subscriber.Message> v1 = subscriber();
    subscribeRegistered(v2, 1);
    fanout.tell(new NodeFanout.Subscribe(TOPIC, v1.ref(), PhoenixDialect.V1, 2, false, TestInbox.of(v1.ref(), PhoenixDialect.V1)));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), v1.receiveMessage(TIMEOUT));

    // A binary frame names its event in at most 255 bytes; V1 carries the bytes as base64 text.
    fanout.tell(new NodeFanout.Deliver(new Broadcast(TOPIC, "e".repeat(300), Payload.binary(new byte[] {1})), null));
    v1.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), v2.receiveMessage(TIMEOUT), "only the next broadcast");
    v1.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
  }

  @Test
  void deliverEncodesOncePerSerializerAndSkipsTheExcludedSubscriber() {
    TestProbe<Subscriber.Message> v2a = subscriber();
    TestProbe<Subscriber.Message> v2b = subscriber();
    TestProbe<Subscriber.Message> v1 = subscriber();
    TestProbe<Subscriber.Message> sender = subscriber();
    subscribeRegistered(v2a, 1);
    fanout.tell(new NodeFanout.Subscribe(TOPIC, v2b.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(v2b.ref(), PhoenixDialect.V2)));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, v1.ref(), PhoenixDialect.V1, 3, false, TestInbox.of(v1.ref(), PhoenixDialect.V1)));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, sender.ref(), PhoenixDialect.V2, 4, false, TestInbox.of(sender.ref(), PhoenixDialect.V2)));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), v2b.receiveMessage(TIMEOUT));
    assertEquals(new Subscriber.Admitted(TOPIC, 3), v1.receiveMessage(TIMEOUT));
    assertEquals(new Subscriber.Admitted(TOPIC, 4), sender.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Deliver(BROADCAST, sender.ref()));

    Subscriber.Delivery toA = v2a.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    Subscriber.Delivery toB = v2b.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    Subscriber.Delivery toV1 = v1.expectMessageClass(Subscriber.Delivery.class, TIMEOUT);
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), toA);
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), toB);
    assertSame(toA.frame(), toB.frame(), "one encoding per serializer");
    assertEquals(new Subscriber.Delivery(TOPIC, V1_FRAME), toV1);
    sender.expectNoMessage(SILENCE);
    v2a.expectNoMessage(Duration.ZERO);
    v2b.expectNoMessage(Duration.ZERO);
    v1.expectNoMessage(Duration.ZERO);
    String counted = metrics.scrape();
    assertTrue(counted.contains("kanal_fanout_received_total{kind=\"broadcast\"} 1.0"), counted);
    assertTrue(counted.contains("kanal_frames_encoded_total{dialect=\"phoenix\",vsn=\"2.0.0\"} 1.0"), counted);
    assertTrue(counted.contains("kanal_frames_encoded_total{dialect=\"phoenix\",vsn=\"1.0.0\"} 1.0"), counted);
    assertTrue(counted.contains("kanal_deliveries_total 3.0"), counted);
  }

  @Test
  void deliverWithoutExcludeReachesEverySubscriber() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    subscribeRegistered(first, 1);
    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(second.ref(), PhoenixDialect.V2)));
    second.receiveMessage(TIMEOUT);

    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));

    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), first.receiveMessage(TIMEOUT));
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), second.receiveMessage(TIMEOUT));
  }

  @Test
  void deliverReachesOnlySubscribersOfTheBroadcastsTopic() {
    TestProbe<Subscriber.Message> ofA = subscriber();
    TestProbe<Subscriber.Message> ofB = subscriber();
    subscribeRegistered(ofA, 1);
    fanout.tell(new NodeFanout.Subscribe(OTHER_TOPIC, ofB.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(ofB.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), otherEntity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(OTHER_TOPIC, otherEntity.ref()));
    assertEquals(new Subscriber.Admitted(OTHER_TOPIC, 2), ofB.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));

    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), ofA.receiveMessage(TIMEOUT));
    ofB.expectNoMessage(SILENCE);
  }

  @Test
  void subscribingAgainWithANewJoinIdIsAdmittedAgainAndDeliveredOnce() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    subscribeRegistered(subscriber, 1);

    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), subscriber.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));

    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), subscriber.receiveMessage(TIMEOUT));
    subscriber.expectNoMessage(SILENCE);
    entity.expectNoMessage(Duration.ZERO);
  }

  @Test
  void unsubscribeOfTheLastLocalSubscriberUnregisters() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    subscribeRegistered(first, 1);
    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(second.ref(), PhoenixDialect.V2)));
    second.receiveMessage(TIMEOUT);

    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, first.ref()));
    entity.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), second.receiveMessage(TIMEOUT));
    first.expectNoMessage(SILENCE);

    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, second.ref()));
    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void unsubscribeBeforeRegisteredUnregistersAndNeverAdmits() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, subscriber.ref()));
    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    subscriber.expectNoMessage(SILENCE);
  }

  @Test
  void aSubscriberThatStopsIsUnregisteredFromEveryTopicWhereItWasTheLast() {
    TestProbe<Subscriber.Message> hears = subscriber();
    ActorRef<Subscriber.Message> subscriber = testKit.spawn(ForwardingActor.to(hears.ref()));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber, PhoenixDialect.V2, 1, false, TestInbox.of(subscriber, PhoenixDialect.V2)));
    fanout.tell(new NodeFanout.Subscribe(OTHER_TOPIC, subscriber, PhoenixDialect.V2, 2, false, TestInbox.of(subscriber, PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), otherEntity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    fanout.tell(new NodeFanout.Registered(OTHER_TOPIC, otherEntity.ref()));
    assertEquals(new Subscriber.Admitted(TOPIC, 1), hears.receiveMessage(TIMEOUT));
    assertEquals(new Subscriber.Admitted(OTHER_TOPIC, 2), hears.receiveMessage(TIMEOUT));

    testKit.stop(subscriber);

    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    assertEquals(new TopicEntity.Unregister(fanout), otherEntity.receiveMessage(TIMEOUT));
  }

  @Test
  void aSubscriberThatStopsWhileOthersRemainDoesNotUnregister() {
    TestProbe<Subscriber.Message> stays = subscriber();
    TestProbe<Subscriber.Message> hears = subscriber();
    ActorRef<Subscriber.Message> leaves = testKit.spawn(ForwardingActor.to(hears.ref()));
    subscribeRegistered(stays, 1);
    fanout.tell(new NodeFanout.Subscribe(TOPIC, leaves, PhoenixDialect.V2, 2, false, TestInbox.of(leaves, PhoenixDialect.V2)));
    assertEquals(new Subscriber.Admitted(TOPIC, 2), hears.receiveMessage(TIMEOUT));

    testKit.stop(leaves);

    entity.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), stays.receiveMessage(TIMEOUT));
  }

  @Test
  void whenTheEntityStopsTheNodeRegistersAgain() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    ActorRef<TopicEntity.Command> incarnation = testKit.spawn(ForwardingActor.to(entity.ref()));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, incarnation));
    assertEquals(new Subscriber.Admitted(TOPIC, 1), subscriber.receiveMessage(TIMEOUT));

    testKit.stop(incarnation);

    assertEquals(new TopicEntity.Register(fanout, List.of(), true), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
    // The subscriber stays subscribed: no second Admitted, and broadcasts still reach it.
    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), subscriber.receiveMessage(TIMEOUT));
    subscriber.expectNoMessage(SILENCE);
  }

  @Test
  void aNodeTheEntityDroppedRegistersAgainAsReturning() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    subscribeRegistered(subscriber, 1);

    fanout.tell(new NodeFanout.Dropped(TOPIC, entity.ref()));

    assertEquals(
        new TopicEntity.Register(fanout, List.of(), true),
        entity.receiveMessage(NodeFanout.REGISTER_RETRY.plus(TIMEOUT)));
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    fanout.tell(new NodeFanout.Deliver(BROADCAST, null));
    assertEquals(new Subscriber.Delivery(TOPIC, V2_FRAME), subscriber.receiveMessage(TIMEOUT));
    entity.expectNoMessage(NodeFanout.REGISTER_TIMEOUT.plus(SILENCE));
  }

  @Test
  void aDroppedFromAnEarlierIncarnationIsIgnored() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    subscribeRegistered(subscriber, 1);
    TestProbe<TopicEntity.Command> earlier = testKit.createTestProbe();

    fanout.tell(new NodeFanout.Dropped(TOPIC, earlier.ref()));

    entity.expectNoMessage(NodeFanout.REGISTER_RETRY.plus(SILENCE));
  }

  @Test
  void aSubscriberArrivingWhileReRegisteringWaitsForTheNewIncarnation() {
    TestProbe<Subscriber.Message> first = subscriber();
    TestProbe<Subscriber.Message> second = subscriber();
    ActorRef<TopicEntity.Command> incarnation = testKit.spawn(ForwardingActor.to(entity.ref()));
    fanout.tell(new NodeFanout.Subscribe(TOPIC, first.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(first.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    fanout.tell(new NodeFanout.Registered(TOPIC, incarnation));
    first.receiveMessage(TIMEOUT);
    testKit.stop(incarnation);
    assertEquals(new TopicEntity.Register(fanout, List.of(), true), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Subscribe(TOPIC, second.ref(), PhoenixDialect.V2, 2, false, TestInbox.of(second.ref(), PhoenixDialect.V2)));
    second.expectNoMessage(SILENCE);
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));

    assertEquals(new Subscriber.Admitted(TOPIC, 2), second.receiveMessage(TIMEOUT));
    first.expectNoMessage(SILENCE);
  }

  @Test
  void passivatingMakesTheNodeRegisterAgainAfterTheRetryDelay() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 5, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Passivating(TOPIC));

    entity.expectNoMessage(NodeFanout.REGISTER_RETRY.dividedBy(2));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));
    subscriber.expectNoMessage(Duration.ZERO);
    fanout.tell(new NodeFanout.Registered(TOPIC, entity.ref()));
    assertEquals(new Subscriber.Admitted(TOPIC, 5), subscriber.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }

  @Test
  void passivatingForATopicWithoutLocalSubscribersIsIgnored() {
    fanout.tell(new NodeFanout.Passivating(TOPIC));

    entity.expectNoMessage(SILENCE);
  }

  @Test
  void unsubscribingWhileARetryIsPendingCancelsIt() {
    TestProbe<Subscriber.Message> subscriber = subscriber();
    fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    assertEquals(new TopicEntity.Register(fanout, List.of(), false), entity.receiveMessage(TIMEOUT));

    fanout.tell(new NodeFanout.Passivating(TOPIC));
    fanout.tell(new NodeFanout.Unsubscribe(TOPIC, subscriber.ref()));

    assertEquals(new TopicEntity.Unregister(fanout), entity.receiveMessage(TIMEOUT));
    entity.expectNoMessage(SILENCE);
  }
}
