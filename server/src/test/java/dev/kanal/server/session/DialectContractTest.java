package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.ChannelRule;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every dialect's client can count on from a session, run against each dialect and variant
 * with a fake connection: the same cases, each client speaking its own wire.
 */
@ExtendWith(LogCapturingExtension.class)
class DialectContractTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final ChannelRouter ROUTER = ChannelRouter.of(List.of(
      new ChannelRule("realtime:members-*", "realtime", JoinRule.parse("authenticated"), true),
      new ChannelRule("realtime:*", "realtime", JoinRule.parse("public"), true)));
  static final String TOPIC = "realtime:room";

  TestProbe<Outbound> out;
  TestProbe<NodeFanout.Command> fanout;
  TestProbe<TopicEntity.Command> entity;
  TestProbe<Outbound.Handled> acks;
  ActorRef<Subscriber.Message> session;
  ClientWire wire;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  void start(ClientWire wire, Principal principal) {
    this.wire = wire;
    out = testKit.createTestProbe();
    fanout = testKit.createTestProbe();
    entity = testKit.createTestProbe();
    acks = testKit.createTestProbe();
    session = testKit.spawn(Session.create(new SessionContext(
        wire.dialect, principal, SessionTest.limits(100, Duration.ofSeconds(60)), ROUTER, topic -> entity.ref(),
        fanout.ref(), Outbound.to(out.ref(), acks.ref()), SessionTest.VERIFIER, new KanalMetrics(), () -> {})));
  }

  void send(Frame frame) {
    session.tell(new Session.Inbound(frame));
    acks.expectMessage(Outbound.Handled.INSTANCE);
  }

  /** The next frame the client gets, as {@code [join_ref, ref, topic, event, payload]}. */
  JsonNode next() {
    return wire.read(((Outbound.Send) out.receiveMessage(Duration.ofSeconds(10))).frame());
  }

  /** V1 frames going out carry no join_ref, as Phoenix's V1 serializer writes them. */
  void expect(String joinRef, String ref, String topic, String event, String payload) {
    JsonNode got = next();
    assertEquals(
        List.of(String.valueOf(wire.carriesJoinRef() ? joinRef : null), String.valueOf(ref), topic, event,
            ClientWire.parse(payload)),
        List.of(got.get(0).asText("null"), got.get(1).asText("null"), got.get(2).asText(), got.get(3).asText(), got.get(4)),
        got.toString());
  }

  void join(String topic, String ref, String payload) {
    send(wire.message(ref, ref, topic, "phx_join", payload));
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    assertEquals(wire.dialect.fastlane(), subscribe.fastlane());
    session.tell(new Subscriber.Admitted(topic, subscribe.joinId()));
    expect(ref, ref, topic, "phx_reply", "{\"status\":\"ok\",\"response\":{\"postgres_changes\":[]}}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void aHeartbeatIsAnsweredWithItsRef(ClientWire wire) {
    start(wire, Principal.anonymous());
    send(wire.message(null, "7", "phoenix", "heartbeat", "{}"));
    expect(null, "7", "phoenix", "phx_reply", "{\"status\":\"ok\",\"response\":{}}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void aBroadcastReachesTheTopicAsTheUsersEventAndIsAcknowledgedWhenAsked(ClientWire wire) {
    start(wire, Principal.anonymous());
    join(TOPIC, "1", "{\"config\":{\"broadcast\":{\"ack\":true}}}");
    send(wire.broadcast("1", "2", TOPIC, "shout", "{\"n\":1}"));
    TopicEntity.Publish publish = entity.expectMessageClass(TopicEntity.Publish.class);
    assertEquals(new Broadcast(TOPIC, "shout", Payload.json(ClientWire.parse("{\"n\":1}"))), publish.broadcast());
    assertEquals(session, publish.exclude(), "self is off unless asked for");
    publish.replyTo().tell(new TopicEntity.Published(TOPIC));
    expect("1", "2", TOPIC, "phx_reply", "{\"status\":\"ok\",\"response\":{}}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void aPushToATopicNotJoinedIsRefusedAndTheSessionStaysUp(ClientWire wire) {
    start(wire, Principal.anonymous());
    send(wire.broadcast(null, "3", "realtime:elsewhere", "shout", "{}"));
    expect(null, "3", "realtime:elsewhere", "phx_reply", "{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}");
    send(wire.message(null, "4", "phoenix", "heartbeat", "{}"));
    expect(null, "4", "phoenix", "phx_reply", "{\"status\":\"ok\",\"response\":{}}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void anUnreadableFrameGetsAClearErrorAndTheSessionStaysUp(ClientWire wire) {
    start(wire, Principal.anonymous());
    send(new Frame.Text("{not json"));
    JsonNode error = next();
    assertEquals("phoenix", error.get(2).asText());
    assertEquals("error", error.get(4).path("status").asText());
    assertTrue(error.get(4).path("response").path("reason").asText().length() > 0, error.toString());
    send(wire.message(null, "5", "phoenix", "heartbeat", "{}"));
    expect(null, "5", "phoenix", "phx_reply", "{\"status\":\"ok\",\"response\":{}}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void trackingIsAnsweredAndReachesTheFanout(ClientWire wire) {
    start(wire, Principal.anonymous());
    join(TOPIC, "1", "{\"config\":{\"presence\":{\"key\":\"alice\"}}}");
    send(wire.message("1", "2", TOPIC, "presence", "{\"type\":\"presence\",\"event\":\"track\",\"payload\":{\"at\":\"desk\"}}"));
    NodeFanout.Track track = fanout.expectMessageClass(NodeFanout.Track.class);
    assertEquals("alice", track.key());
    assertEquals("desk", track.meta().path("at").asText());
    expect("1", "2", TOPIC, "phx_reply", "{\"status\":\"ok\",\"response\":{}}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void leavingIsAnsweredThenTheChannelCloses(ClientWire wire) {
    start(wire, Principal.anonymous());
    join(TOPIC, "1", "{}");
    send(wire.message("1", "6", TOPIC, "phx_leave", "{}"));
    assertEquals(new NodeFanout.Unsubscribe(TOPIC, session), fanout.expectMessageClass(NodeFanout.Unsubscribe.class));
    expect("1", "6", TOPIC, "phx_reply", "{\"status\":\"ok\",\"response\":{}}");
    expect("1", "1", TOPIC, "phx_close", "{}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void malformedPostgresChangesAreRefusedWithAReason(ClientWire wire) {
    start(wire, Principal.anonymous());
    send(wire.message("1", "1", TOPIC, "phx_join", "{\"config\":{\"postgres_changes\":\"x\"}}"));
    expect("1", "1", TOPIC, "phx_reply",
        "{\"status\":\"error\",\"response\":{\"reason\":\"config.postgres_changes must be an array of bindings\"}}");
    fanout.expectNoMessage(Duration.ofMillis(100));
  }

  /** Supabase's {@code private} and a join's {@code access_token}; a Phoenix socket ignores both, as Phoenix does. */
  @ParameterizedTest
  @EnumSource(value = ClientWire.class, names = {"SUPABASE_V1", "SUPABASE_V2"})
  void aPrivateChannelNeedsATokenAndClosesWhenItRunsOut(ClientWire wire) {
    start(wire, Principal.anonymous());
    send(wire.message("1", "1", TOPIC, "phx_join", "{\"config\":{\"private\":true}}"));
    expect("1", "1", TOPIC, "phx_reply", "{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}");

    String expiring = SessionTokenTest.token(Instant.now().minusSeconds(3));
    join(TOPIC, "2", "{\"config\":{\"private\":true},\"access_token\":\"" + expiring + "\"}");
    JsonNode closing = next();
    if (closing.get(3).asText().equals("system")) {
      assertEquals("error", closing.get(4).path("status").asText(), closing.toString());
      closing = next();
    }
    assertEquals(List.of("2", TOPIC, "phx_close"), List.of(
        closing.get(1).asText(), closing.get(2).asText(), closing.get(3).asText()), closing.toString());
    assertEquals(new NodeFanout.Unsubscribe(TOPIC, session), fanout.expectMessageClass(NodeFanout.Unsubscribe.class));
  }

  @ParameterizedTest
  @EnumSource(value = ClientWire.class, names = {"PHOENIX_V1", "PHOENIX_V2"})
  void aPhoenixJoinIgnoresSupabasesPrivateAndAccessToken(ClientWire wire) {
    start(wire, Principal.anonymous());
    join(TOPIC, "1", "{\"config\":{\"private\":true},\"access_token\":\"not-a-jwt\"}");
  }

  @ParameterizedTest
  @EnumSource(ClientWire.class)
  void aForgedAccessTokenIsRefusedAndChangesNothing(ClientWire wire) {
    start(wire, Principal.anonymous());
    join(TOPIC, "1", "{}");
    send(wire.message("1", "8", TOPIC, "access_token", "{\"access_token\":\"not-a-jwt\"}"));
    JsonNode reply = next();
    assertEquals("error", reply.get(4).path("status").asText(), reply.toString());
    send(wire.message("2", "2", "realtime:members-a", "phx_join", "{}"));
    expect("2", "2", "realtime:members-a", "phx_reply", "{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}");
  }
}
