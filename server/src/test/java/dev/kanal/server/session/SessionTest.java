package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.config.AuthSettings;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.ChannelRule;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.config.Limits;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The socket actor against probes for its connection, the node's fan-out and the topic entities. */
@ExtendWith(LogCapturingExtension.class)
class SessionTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration SILENCE = Duration.ofMillis(300);
  static final String SECRET = "socket-test-secret";
  static final TokenVerifier VERIFIER =
      new TokenVerifier(new AuthSettings(Optional.of(SECRET), Optional.empty(), true, List.of(), false, List.of()));

  static final ChannelRouter ROUTER =
      ChannelRouter.of(
          List.of(
              new ChannelRule("room:*", "broadcast", JoinRule.parse("public"), true),
              new ChannelRule("staff:*", "broadcast", JoinRule.parse("authenticated"), true),
              new ChannelRule("notifications:*", "server", JoinRule.parse("role:admin"), false),
              new ChannelRule("collection:*", "collection", JoinRule.parse("public"), false)));

  TestProbe<Outbound> out;
  TestProbe<NodeFanout.Command> fanout;
  TestProbe<TopicEntity.Command> entity;
  TestProbe<Outbound.Handled> acks;
  /** Where the fan-out would deliver broadcasts for each joined topic. */
  final Map<String, Subscriber.Inbox> inboxes = new HashMap<>();
  ActorRef<Subscriber.Message> socket;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), limits(100, Duration.ofSeconds(60)));
  }

  ActorRef<Subscriber.Message> startSocket(Dialect serializer, Principal principal, Limits limits) {
    out = testKit.createTestProbe();
    fanout = testKit.createTestProbe();
    entity = testKit.createTestProbe();
    acks = testKit.createTestProbe();
    return testKit.spawn(
        Session.create(
            new SessionContext(serializer, principal, limits, ROUTER, topic -> entity.ref(), fanout.ref(), Outbound.to(out.ref(), acks.ref()), SessionTest.VERIFIER, new KanalMetrics(), () -> {})));
  }

  static Limits limits(int maxChannels, Duration heartbeatTimeout) {
    return new Limits(1 << 20, maxChannels, 100, 50, 1000, heartbeatTimeout, 4096);
  }

  static Limits rates(int eventsPerSecond, int joinsPerSecond) {
    return new Limits(1 << 20, 100, eventsPerSecond, joinsPerSecond, 1000, Duration.ofSeconds(60), 4096);
  }

  void send(String text) {
    socket.tell(new Session.Inbound(new Frame.Text(text)));
    acks.expectMessage(Outbound.Handled.INSTANCE);
  }

  void expectFrame(String text) {
    assertEquals(new Outbound.Send(new Frame.Text(text)), out.receiveMessage());
  }

  /** Joins {@code topic} with join_ref/ref {@code ref} and plays the fan-out admitting it. */
  void join(String topic, String ref, String payload) {
    send("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\"," + payload + "]");
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    assertEquals(topic, subscribe.topic());
    assertEquals(socket, subscribe.subscriber());
    assertSame(PhoenixDialect.V2, subscribe.fastlane());
    inboxes.put(topic, subscribe.inbox());
    socket.tell(new Subscriber.Admitted(topic, subscribe.joinId()));
    expectFrame("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void answersHeartbeatsWithTheirRef() {
    send("[null,\"7\",\"phoenix\",\"heartbeat\",{}]");
    expectFrame("[null,\"7\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void repliesToAJoinOnlyOnceTheFanoutAdmittedIt() {
    send("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    out.expectNoMessage(Duration.ofMillis(100));
    socket.tell(new Subscriber.Admitted("room:a", subscribe.joinId()));
    expectFrame("[\"1\",\"1\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void refusesATopicNoRuleMatches() {
    send("[\"1\",\"2\",\"nowhere:a\",\"phx_join\",{}]");
    expectFrame("[null,\"2\",\"nowhere:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]");
    fanout.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void refusesAJoinTheRuleDoesNotAllow() {
    send("[\"1\",\"1\",\"staff:a\",\"phx_join\",{}]");
    expectFrame("[\"1\",\"1\",\"staff:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}]");
    send("[\"2\",\"2\",\"notifications:a\",\"phx_join\",{}]");
    expectFrame(
        "[\"2\",\"2\",\"notifications:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}]");
  }

  @Test
  void letsARoleJoinItsTopic() {
    Principal admin = Principal.of(JsonNodeFactory.instance.objectNode().put("sub", "u1").put("role", "admin"));
    socket = startSocket(PhoenixDialect.V2, admin, limits(100, Duration.ofSeconds(60)));
    join("notifications:a", "1", "{}");
  }

  @Test
  void passesOnTheKindsRefusal() {
    send("[\"1\",\"1\",\"collection:order\",\"phx_join\",{}]");
    expectFrame(
        "[\"1\",\"1\",\"collection:order\",\"phx_reply\",{\"status\":\"error\",\"response\":"
            + "{\"reason\":\"channel kind collection is not available on this server\"}}]");
  }

  @Test
  void closesTheOldChannelOnADuplicateJoin() {
    join("room:a", "1", "{}");
    send("[\"3\",\"3\",\"room:a\",\"phx_join\",{}]");
    assertEquals(new NodeFanout.Unsubscribe("room:a", socket), fanout.receiveMessage());
    expectFrame("[\"1\",\"1\",\"room:a\",\"phx_close\",{}]");
    NodeFanout.Subscribe again = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    socket.tell(new Subscriber.Admitted("room:a", again.joinId()));
    expectFrame("[\"3\",\"3\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  /** Sends a join of room:a and, before it is admitted, a second one; the two subscriptions. */
  NodeFanout.Subscribe[] joinTwiceBeforeAdmission() {
    send("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
    NodeFanout.Subscribe first = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    send("[\"2\",\"2\",\"room:a\",\"phx_join\",{}]");
    fanout.expectMessageClass(NodeFanout.Unsubscribe.class);
    return new NodeFanout.Subscribe[] {first, fanout.expectMessageClass(NodeFanout.Subscribe.class)};
  }

  @Test
  void ignoresAnAdmissionForAReplacedJoin() {
    NodeFanout.Subscribe[] joins = joinTwiceBeforeAdmission();
    NodeFanout.Subscribe first = joins[0];
    NodeFanout.Subscribe second = joins[1];
    socket.tell(new Subscriber.Admitted("room:a", first.joinId()));
    out.expectNoMessage(Duration.ofMillis(100));
    socket.tell(new Subscriber.Admitted("room:a", second.joinId()));
    expectFrame("[\"2\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void leavingRepliesThenClosesTheChannel() {
    join("room:a", "1", "{}");
    send("[\"1\",\"4\",\"room:a\",\"phx_leave\",{}]");
    assertEquals(new NodeFanout.Unsubscribe("room:a", socket), fanout.receiveMessage());
    expectFrame("[\"1\",\"4\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    expectFrame("[\"1\",\"1\",\"room:a\",\"phx_close\",{}]");
    inboxes.get("room:a").deliver(new Subscriber.Delivery("room:a", new Frame.Text("late")));
    out.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void answersAPushToAnUnjoinedTopicAndStaysUp() {
    send("[\"1\",\"5\",\"room:b\",\"shout\",{}]");
    expectFrame("[null,\"5\",\"room:b\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]");
    send("[null,\"6\",\"phoenix\",\"heartbeat\",{}]");
    expectFrame("[null,\"6\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void relaysAPushToTheTopicWithoutTheSender() {
    join("room:a", "1", "{}");
    send("[\"1\",\"2\",\"room:a\",\"shout\",{\"hi\":1}]");
    TopicEntity.Publish publish = entity.expectMessageClass(TopicEntity.Publish.class);
    assertEquals(
        new Broadcast("room:a", "shout", Payload.json(JsonNodeFactory.instance.objectNode().put("hi", 1))),
        publish.broadcast());
    assertEquals(socket, publish.exclude());
    assertNull(publish.replyTo());
    out.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void includesTheSenderWhenTheJoinAskedForSelf() {
    join("room:a", "1", "{\"config\":{\"broadcast\":{\"self\":true}}}");
    send("[\"1\",\"2\",\"room:a\",\"shout\",{}]");
    assertNull(entity.expectMessageClass(TopicEntity.Publish.class).exclude());
  }

  @Test
  void acknowledgesAPushOnceTheTopicAcceptedIt() {
    join("room:a", "1", "{\"config\":{\"broadcast\":{\"ack\":true}}}");
    send("[\"1\",\"2\",\"room:a\",\"shout\",{}]");
    TopicEntity.Publish publish = entity.expectMessageClass(TopicEntity.Publish.class);
    out.expectNoMessage(Duration.ofMillis(100));
    publish.replyTo().tell(new TopicEntity.Published("room:a"));
    expectFrame("[\"1\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void refusesUnknownReservedEvents() {
    join("room:a", "1", "{}");
    send("[\"1\",\"2\",\"room:a\",\"phx_bogus\",{}]");
    expectFrame(
        "[\"1\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unknown event phx_bogus\"}}]");
    entity.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void refusesPushesOnAServerTopic() {
    Principal admin = Principal.of(JsonNodeFactory.instance.objectNode().put("role", "admin"));
    socket = startSocket(PhoenixDialect.V2, admin, limits(100, Duration.ofSeconds(60)));
    join("notifications:a", "1", "{}");
    send("[\"1\",\"2\",\"notifications:a\",\"shout\",{}]");
    expectFrame(
        "[\"1\",\"2\",\"notifications:a\",\"phx_reply\",{\"status\":\"error\",\"response\":"
            + "{\"reason\":\"this topic only receives messages from the server\"}}]");
    entity.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aJoinedChannelsInboxWritesBroadcastsStraightToTheConnection() {
    join("room:a", "1", "{}");
    Frame frame = new Frame.Text("[null,null,\"room:a\",\"shout\",{}]");
    inboxes.get("room:a").deliver(new Subscriber.Delivery("room:a", frame));
    assertSame(frame, ((Outbound.Send) out.receiveMessage()).frame());
  }

  @Test
  void broadcastsThatArriveWhileAJoinIsDecidedFollowItsReply() {
    send("[\"1\",\"1\",\"room:a\",\"phx_join\",{}]");
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    Frame early = new Frame.Text("[null,null,\"room:a\",\"shout\",{}]");
    subscribe.inbox().deliver(new Subscriber.Delivery("room:a", early));
    out.expectNoMessage(Duration.ofMillis(100));
    socket.tell(new Subscriber.Admitted("room:a", subscribe.joinId()));
    expectFrame("[\"1\",\"1\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    assertSame(early, ((Outbound.Send) out.receiveMessage()).frame());
  }

  @Test
  void aReplacedJoinsInboxLetsNothingThrough() {
    NodeFanout.Subscribe[] joins = joinTwiceBeforeAdmission();
    NodeFanout.Subscribe first = joins[0];
    NodeFanout.Subscribe second = joins[1];
    first.inbox().deliver(new Subscriber.Delivery("room:a", new Frame.Text("stale")));
    socket.tell(new Subscriber.Admitted("room:a", second.joinId()));
    expectFrame("[\"2\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    out.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void answersAMalformedFrameAndKeepsServing() {
    send("{not json");
    Outbound.Send error = (Outbound.Send) out.receiveMessage();
    String text = ((Frame.Text) error.frame()).text();
    assertEquals(true, text.startsWith("[null,null,\"phoenix\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"malformed"), text);
    send("[null,\"8\",\"phoenix\",\"heartbeat\",{}]");
    expectFrame("[null,\"8\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void capsTheChannelsOfASocket() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), limits(1, Duration.ofSeconds(60)));
    join("room:a", "1", "{}");
    send("[\"2\",\"2\",\"room:b\",\"phx_join\",{}]");
    expectFrame("[\"2\",\"2\",\"room:b\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"too many channels\"}}]");
  }

  @Test
  void speaksV1WithoutJoinRefsGoingOut() {
    socket = startSocket(PhoenixDialect.V1, Principal.anonymous(), limits(100, Duration.ofSeconds(60)));
    send("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"3\"}");
    expectFrame("{\"topic\":\"phoenix\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},\"ref\":\"3\"}");
  }

  @Test
  void closesASilentSocket() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), limits(100, SILENCE));
    expectClosedBecause(CloseCode.NORMAL, "no message within the heartbeat timeout");
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(socket, Duration.ofSeconds(3));
  }

  @Test
  void heartbeatsKeepASocketOpen() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), limits(100, SILENCE));
    for (int i = 0; i < 5; i++) {
      send("[null,\"" + i + "\",\"phoenix\",\"heartbeat\",{}]");
      out.receiveMessage();
      out.expectNoMessage(SILENCE.dividedBy(2));
    }
    expectClosedBecause(CloseCode.NORMAL, "no message within the heartbeat timeout");
  }

  /** The last frame names the reason for clients that show frames, then the close says it too. */
  void expectClosedBecause(CloseCode code, String reason) {
    assertEquals(
        new Outbound.Send(new Frame.Text("[null,null,\"phoenix\",\"phx_error\",{\"reason\":\"" + reason + "\"}]")),
        out.receiveMessage(Duration.ofSeconds(3)));
    out.expectMessage(Duration.ofSeconds(3), new Outbound.Close(code, reason));
  }

  @Test
  void closesASocketThatKeepsPushingPastItsRateWithTheReason() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), rates(1, 50));
    send("[null,\"1\",\"room:a\",\"shout\",{}]");
    expectFrame("[null,\"1\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]");
    send("[null,\"2\",\"room:a\",\"shout\",{}]");
    expectFrame("[null,\"2\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"too many events per second\"}}]");
    socket.tell(new Session.Inbound(new Frame.Text("[null,\"3\",\"room:a\",\"shout\",{}]")));
    expectFrame("[null,\"3\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"too many events per second\"}}]");
    expectClosedBecause(CloseCode.POLICY_VIOLATION, "too many messages past the rate limit");
  }

  @Test
  void saysWhyItClosesOnAFrameOverTheLimit() {
    socket.tell(new Session.TooLarge("frame of 9 bytes exceeds max-frame-bytes 8"));
    expectClosedBecause(CloseCode.MESSAGE_TOO_BIG, "frame of 9 bytes exceeds max-frame-bytes 8");
  }

  @Test
  void refusesJoinsPastTheJoinRate() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), rates(100, 1));
    join("room:a", "1", "{}");
    send("[\"2\",\"2\",\"room:b\",\"phx_join\",{}]");
    expectFrame(
        "[\"2\",\"2\",\"room:b\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"too many joins per second\"}}]");
    fanout.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void refusesPushesPastTheEventRateButKeepsHeartbeatsAndLeavesFree() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), rates(1, 50));
    join("room:a", "1", "{}");
    send("[\"1\",\"2\",\"room:a\",\"shout\",{}]");
    entity.expectMessageClass(TopicEntity.Publish.class);
    send("[\"1\",\"3\",\"room:a\",\"shout\",{}]");
    expectFrame(
        "[\"1\",\"3\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"too many events per second\"}}]");
    entity.expectNoMessage(Duration.ofMillis(100));
    send("[null,\"4\",\"phoenix\",\"heartbeat\",{}]");
    expectFrame("[null,\"4\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    send("[\"1\",\"5\",\"room:a\",\"phx_leave\",{}]");
    expectFrame("[\"1\",\"5\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  @Test
  void closesASocketThatKeepsPushingPastItsLimit() {
    socket = startSocket(PhoenixDialect.V2, Principal.anonymous(), rates(2, 50));
    join("room:a", "1", "{}");
    for (int i = 0; i < 5; i++) {
      socket.tell(new Session.Inbound(new Frame.Text("[\"1\",\"" + (10 + i) + "\",\"room:a\",\"shout\",{}]")));
    }
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(socket, Duration.ofSeconds(3));
  }

  @Test
  void givesBackItsConnectionPlaceWhenItStops() {
    TestProbe<String> released = testKit.createTestProbe();
    socket =
        testKit.spawn(
            Session.create(
                new SessionContext(
                    PhoenixDialect.V2,
                    Principal.anonymous(),
                    limits(100, Duration.ofSeconds(60)),
                    ROUTER,
                    topic -> entity.ref(),
                    fanout.ref(),
                    Outbound.to(out.ref(), acks.ref()),
                    SessionTest.VERIFIER, new KanalMetrics(),
                    () -> released.ref().tell("released"))));
    socket.tell(new Session.Disconnected("closed by the client"));
    released.expectMessage("released");
  }

  @Test
  void endsWhenTheClientDisconnects() {
    socket.tell(new Session.Disconnected("closed by the client"));
    out.expectMessageClass(Outbound.Close.class);
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(socket, Duration.ofSeconds(3));
  }

  @Test
  void aDrainingNodeClosesTheSocketAsGoingAwaySoItsClientReconnectsElsewhere() {
    socket.tell(Session.NodeDraining.INSTANCE);
    out.expectMessage(new Outbound.Close(CloseCode.GOING_AWAY, "the node is shutting down"));
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(socket, Duration.ofSeconds(3));
  }
}
