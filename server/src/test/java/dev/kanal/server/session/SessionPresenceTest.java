package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.ChannelRule;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.config.Limits;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
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

/** Presence on a socket: tracking at join, Supabase presence pushes, metas and keys. */
@ExtendWith(LogCapturingExtension.class)
class SessionPresenceTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final Duration SILENCE = Duration.ofMillis(300);
  static final ObjectMapper JSON = new ObjectMapper();

  static final ChannelRouter ROUTER =
      ChannelRouter.of(
          List.of(
              new ChannelRule("room:*", "broadcast", JoinRule.parse("public"), true, List.of("name", "station")),
              new ChannelRule("plain:*", "broadcast", JoinRule.parse("public"), false)));

  static final Principal ADA =
      Principal.of(
          JsonNodeFactory.instance.objectNode()
              .put("sub", "u1")
              .put("name", "Ada")
              .put("station", "s7")
              .put("role", "member"));

  static final String PRESENCE_JOIN = "{\"presence\":{\"key\":\"k1\",\"meta\":{\"device\":\"phone\"}}}";
  static final String TRACK_S1 = "{\"type\":\"presence\",\"event\":\"track\",\"payload\":{\"s\":1}}";
  static final String UNTRACK = "{\"type\":\"presence\",\"event\":\"untrack\"}";

  TestProbe<Outbound> out;
  TestProbe<NodeFanout.Command> fanout;
  TestProbe<TopicEntity.Command> entity;
  TestProbe<Outbound.Handled> acks;
  ActorRef<Subscriber.Message> socket;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    socket = startSocket(ADA);
  }

  ActorRef<Subscriber.Message> startSocket(Principal principal) {
    out = testKit.createTestProbe();
    fanout = testKit.createTestProbe();
    entity = testKit.createTestProbe();
    acks = testKit.createTestProbe();
    Limits limits = new Limits(1 << 20, 100, 100, 50, 1000, Duration.ofSeconds(60), 4096);
    return testKit.spawn(
        Session.create(
            new SessionContext(PhoenixDialect.V2, principal, limits, ROUTER, topic -> entity.ref(), fanout.ref(), Outbound.to(out.ref(), acks.ref()), SessionTest.VERIFIER, new KanalMetrics(), () -> {})));
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  void send(String text) {
    socket.tell(new Session.Inbound(new Frame.Text(text)));
    acks.expectMessage(TIMEOUT, Outbound.Handled.INSTANCE);
  }

  void expectFrame(String text) {
    assertEquals(new Outbound.Send(new Frame.Text(text)), out.receiveMessage(TIMEOUT));
  }

  void expectOk(String ref, String topic) {
    expectFrame("[\"1\",\"" + ref + "\",\"" + topic + "\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
  }

  /** The reply to a push on the channel joined with ref "1", parsed: status and reason are checked exactly. */
  void expectError(String ref, String topic, String reason) {
    Outbound.Send send = (Outbound.Send) out.receiveMessage(TIMEOUT);
    JsonNode reply;
    try {
      reply = JSON.readTree(((Frame.Text) send.frame()).text());
    } catch (Exception e) {
      throw new AssertionError(String.valueOf(send), e);
    }
    ObjectNode payload = JsonNodeFactory.instance.objectNode().put("status", "error");
    payload.putObject("response").put("reason", reason);
    assertEquals(
        JSON.createArrayNode().add("1").add(ref).add(topic).add("phx_reply").add(payload),
        reply);
  }

  /** Sends a join with join_ref/ref "1" and returns the Subscribe the fan-out gets. */
  NodeFanout.Subscribe sendJoin(String topic, String payload) {
    send("[\"1\",\"1\",\"" + topic + "\",\"phx_join\"," + payload + "]");
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class, TIMEOUT);
    assertEquals(topic, subscribe.topic());
    assertEquals(socket, subscribe.subscriber());
    assertSame(PhoenixDialect.V2, subscribe.fastlane());
    return subscribe;
  }

  void admit(NodeFanout.Subscribe subscribe) {
    socket.tell(new Subscriber.Admitted(subscribe.topic(), subscribe.joinId()));
    expectOk("1", subscribe.topic());
  }

  /** Joins a presence topic without tracking at join. */
  void join(String topic, String payload) {
    NodeFanout.Subscribe subscribe = sendJoin(topic, payload);
    assertTrue(subscribe.presence());
    admit(subscribe);
  }

  NodeFanout.Track pushTrack(String topic, String ref, String presencePush) {
    send("[\"1\",\"" + ref + "\",\"" + topic + "\",\"presence\"," + presencePush + "]");
    NodeFanout.Track track = fanout.expectMessageClass(NodeFanout.Track.class, TIMEOUT);
    expectOk(ref, topic);
    return track;
  }

  /** The meta without its refs, for exact comparison of what is left. */
  static ObjectNode withoutRefs(ObjectNode meta) {
    ObjectNode copy = meta.deepCopy();
    copy.remove("phx_ref");
    copy.remove("phx_ref_prev");
    return copy;
  }

  static String ref(ObjectNode meta) {
    String ref = meta.path("phx_ref").asText("");
    assertFalse(ref.isEmpty(), () -> "a phx_ref in " + meta);
    return ref;
  }

  // ---- tracking at join (Phoenix style)

  @Test
  void aJoinWithPresenceSubscribesWithPresenceThenTracksTheMetaWithTokenClaimsAndARef() {
    NodeFanout.Subscribe subscribe = sendJoin("room:a", PRESENCE_JOIN);
    assertTrue(subscribe.presence());

    NodeFanout.Track track = fanout.expectMessageClass(NodeFanout.Track.class, TIMEOUT);
    assertEquals("room:a", track.topic());
    assertEquals(socket, track.subscriber());
    assertEquals("k1", track.key());
    assertEquals(json("{\"device\":\"phone\",\"name\":\"Ada\",\"station\":\"s7\"}"), withoutRefs(track.meta()));
    ref(track.meta());
    assertFalse(track.meta().has("phx_ref_prev"));
    admit(subscribe);
    fanout.expectNoMessage(SILENCE);
    entity.expectNoMessage(Duration.ZERO);
  }

  @Test
  void theTokensClaimsOverrideWhatTheClientSendsAndTheClientCannotChooseARef() {
    NodeFanout.Subscribe subscribe =
        sendJoin(
            "room:a",
            "{\"presence\":{\"key\":\"k1\",\"meta\":"
                + "{\"device\":\"phone\",\"name\":\"Eve\",\"phx_ref\":\"forged\",\"phx_ref_prev\":\"forged-too\"}}}");
    admit(subscribe);

    NodeFanout.Track track = fanout.expectMessageClass(NodeFanout.Track.class, TIMEOUT);
    assertEquals(json("{\"device\":\"phone\",\"name\":\"Ada\",\"station\":\"s7\"}"), withoutRefs(track.meta()));
    assertNotEquals("forged", ref(track.meta()));
    assertFalse(track.meta().has("phx_ref_prev"));
  }

  @Test
  void aJoinWithoutPresenceMetaTracksNothing() {
    join("room:a", "{\"presence\":{\"key\":\"k1\"}}");

    fanout.expectNoMessage(SILENCE);
  }

  // ---- Supabase presence pushes

  @Test
  void aPresenceTrackPushTracksAndIsAnsweredOk() {
    join("room:a", "{}");

    send("[\"1\",\"2\",\"room:a\",\"presence\"," + TRACK_S1 + "]");

    NodeFanout.Track track = fanout.expectMessageClass(NodeFanout.Track.class, TIMEOUT);
    assertEquals("room:a", track.topic());
    assertEquals(socket, track.subscriber());
    assertEquals("u1", track.key());
    assertEquals(json("{\"s\":1,\"name\":\"Ada\",\"station\":\"s7\"}"), withoutRefs(track.meta()));
    ref(track.meta());
    assertFalse(track.meta().has("phx_ref_prev"));
    expectOk("2", "room:a");
    fanout.expectNoMessage(SILENCE);
    entity.expectNoMessage(Duration.ZERO);
    out.expectNoMessage(Duration.ZERO);
  }

  @Test
  void aTrackPushWithoutPayloadTracksTheClaimsAlone() {
    join("room:a", "{}");

    NodeFanout.Track track = pushTrack("room:a", "2", "{\"type\":\"presence\",\"event\":\"track\"}");

    assertEquals(json("{\"name\":\"Ada\",\"station\":\"s7\"}"), withoutRefs(track.meta()));
  }

  @Test
  void trackingAgainIsAnUpdateNamingThePreviousRef() {
    join("room:a", "{}");
    NodeFanout.Track first = pushTrack("room:a", "2", TRACK_S1);

    NodeFanout.Track second =
        pushTrack("room:a", "3", "{\"type\":\"presence\",\"event\":\"track\",\"payload\":{\"s\":2}}");

    assertEquals("u1", second.key());
    assertEquals(json("{\"s\":2,\"name\":\"Ada\",\"station\":\"s7\"}"), withoutRefs(second.meta()));
    assertNotEquals(ref(first.meta()), ref(second.meta()));
    assertEquals(ref(first.meta()), second.meta().path("phx_ref_prev").asText());

    NodeFanout.Track third = pushTrack("room:a", "4", TRACK_S1);
    assertEquals(ref(second.meta()), third.meta().path("phx_ref_prev").asText());
    assertEquals(3, List.of(ref(first.meta()), ref(second.meta()), ref(third.meta())).stream().distinct().count());
  }

  @Test
  void aPushTrackAfterTrackingAtJoinUpdatesTheJoinsMeta() {
    NodeFanout.Subscribe subscribe = sendJoin("room:a", PRESENCE_JOIN);
    NodeFanout.Track atJoin = fanout.expectMessageClass(NodeFanout.Track.class, TIMEOUT);
    admit(subscribe);

    NodeFanout.Track pushed = pushTrack("room:a", "2", TRACK_S1);

    assertEquals("k1", pushed.key());
    assertEquals(ref(atJoin.meta()), pushed.meta().path("phx_ref_prev").asText());
  }

  @Test
  void untrackUntracksAndIsAnsweredOk() {
    join("room:a", "{}");
    pushTrack("room:a", "2", TRACK_S1);

    send("[\"1\",\"3\",\"room:a\",\"presence\"," + UNTRACK + "]");

    assertEquals(new NodeFanout.Untrack("room:a", socket, "u1"), fanout.receiveMessage(TIMEOUT));
    expectOk("3", "room:a");

    // Nothing is tracked any more: untracking again is still ok, but goes nowhere.
    send("[\"1\",\"4\",\"room:a\",\"presence\"," + UNTRACK + "]");
    expectOk("4", "room:a");
    fanout.expectNoMessage(SILENCE);

    // A track after an untrack is new, not an update.
    NodeFanout.Track again = pushTrack("room:a", "5", TRACK_S1);
    assertFalse(again.meta().has("phx_ref_prev"));
  }

  @Test
  void untrackWithNothingTrackedIsAnsweredOkAndSendsNoUntrack() {
    join("room:a", "{}");

    send("[\"1\",\"2\",\"room:a\",\"presence\"," + UNTRACK + "]");

    expectOk("2", "room:a");
    fanout.expectNoMessage(SILENCE);
    entity.expectNoMessage(Duration.ZERO);
  }

  @Test
  void badPresencePushesAreAnsweredWithAnErrorAndAReason() {
    join("room:a", "{}");

    send("[\"1\",\"2\",\"room:a\",\"presence\",{\"type\":\"presence\",\"event\":\"bogus\"}]");
    expectError("2", "room:a", "unknown presence event \"bogus\"; use track or untrack");
    send("[\"1\",\"3\",\"room:a\",\"presence\",{\"type\":\"presence\"}]");
    expectError("3", "room:a", "unknown presence event \"\"; use track or untrack");
    send("[\"1\",\"4\",\"room:a\",\"presence\",[1,2]]");
    expectError("4", "room:a", "a presence push needs a JSON object payload");
    send("[\"1\",\"5\",\"room:a\",\"presence\",\"track\"]");
    expectError("5", "room:a", "a presence push needs a JSON object payload");
    send("[\"1\",\"6\",\"room:a\",\"presence\",{\"type\":\"presence\",\"event\":\"track\",\"payload\":5}]");
    expectError("6", "room:a", "a presence track payload must be a JSON object");

    fanout.expectNoMessage(SILENCE);
    entity.expectNoMessage(Duration.ZERO);
    // The channel is still there and serves presence.
    pushTrack("room:a", "7", TRACK_S1);
  }

  @Test
  void aPresencePushToATopicNotJoinedIsRefused() {
    send("[\"1\",\"2\",\"room:a\",\"presence\"," + TRACK_S1 + "]");

    expectFrame(
        "[null,\"2\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]");
    fanout.expectNoMessage(SILENCE);
  }

  // ---- the presence key

  @Test
  void theKeyIsTheJoinsPresenceKeyBeforeTheConfigsKeyAndTheToken() {
    join("room:a", "{\"presence\":{\"key\":\"k1\"},\"config\":{\"presence\":{\"key\":\"ck\"}}}");

    assertEquals("k1", pushTrack("room:a", "2", TRACK_S1).key());
  }

  @Test
  void theKeyIsTheConfigsPresenceKeyBeforeTheTokensSubject() {
    join("room:a", "{\"config\":{\"presence\":{\"key\":\"ck\"}}}");

    assertEquals("ck", pushTrack("room:a", "2", TRACK_S1).key());
    send("[\"1\",\"3\",\"room:a\",\"presence\"," + UNTRACK + "]");
    assertEquals(new NodeFanout.Untrack("room:a", socket, "ck"), fanout.receiveMessage(TIMEOUT));
    expectOk("3", "room:a");
  }

  @Test
  void anEmptyConfigKeyFallsBackToTheTokensSubject() {
    join("room:a", "{\"config\":{\"presence\":{\"key\":\"\"}}}");

    assertEquals("u1", pushTrack("room:a", "2", TRACK_S1).key());
  }

  @Test
  void withoutAKeyOrASubjectEveryChannelOfASocketSharesOneRandomKey() {
    socket = startSocket(Principal.anonymous());
    join("room:a", "{}");
    join("room:b", "{}");

    NodeFanout.Track onA = pushTrack("room:a", "2", TRACK_S1);
    NodeFanout.Track onB = pushTrack("room:b", "3", TRACK_S1);

    assertFalse(onA.key().isBlank());
    assertEquals(onA.key(), onB.key());
    // Anonymous: no claims to copy.
    assertEquals(json("{\"s\":1}"), withoutRefs(onA.meta()));

    // Another anonymous socket has another key.
    socket = startSocket(Principal.anonymous());
    join("room:a", "{}");
    NodeFanout.Track other = pushTrack("room:a", "2", TRACK_S1);
    assertNotEquals(onA.key(), other.key());
  }

  @Test
  void aConfiguredClaimTheTokenLacksCannotBeSetByTheClient() {
    socket = startSocket(Principal.anonymous());
    join("room:a", "{}");

    NodeFanout.Track track =
        pushTrack("room:a", "2", "{\"type\":\"presence\",\"event\":\"track\",\"payload\":{\"name\":\"Admin\",\"station\":\"x\",\"s\":1}}");

    assertEquals(json("{\"s\":1}"), withoutRefs(track.meta()));
  }

  // ---- a topic without presence

  @Test
  void onATopicWithoutPresenceAPresencePushIsAnOrdinaryEvent() {
    NodeFanout.Subscribe subscribe = sendJoin("plain:a", PRESENCE_JOIN);
    assertFalse(subscribe.presence());
    admit(subscribe);
    fanout.expectNoMessage(SILENCE);

    send("[\"1\",\"2\",\"plain:a\",\"presence\"," + TRACK_S1 + "]");

    TopicEntity.Publish publish = (TopicEntity.Publish) entity.receiveMessage(TIMEOUT);
    assertEquals(new Broadcast("plain:a", "presence", Payload.json(json(TRACK_S1))), publish.broadcast());
    assertEquals(socket, publish.exclude());
    assertNull(publish.replyTo());
    fanout.expectNoMessage(SILENCE);
    out.expectNoMessage(Duration.ZERO);
  }
}
