package dev.kanal.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixJoinPayload;
import dev.kanal.protocol.Reply;
import dev.kanal.server.auth.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BroadcastKindTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final BroadcastKind kind = new BroadcastKind();

  static Payload json(String text) throws Exception {
    return Payload.json(JSON.readTree(text));
  }

  JoinOutcome<BroadcastOptions> join(Payload payload) {
    return kind.join(new JoinRequest("room:a", PhoenixJoinPayload.parse(payload), Principal.anonymous())).toCompletableFuture().getNow(null);
  }

  BroadcastOptions optionsFor(Payload payload) {
    JoinOutcome<BroadcastOptions> outcome = join(payload);
    return ((JoinOutcome.Accepted<BroadcastOptions>) outcome).state();
  }

  PushOutcome push(String event, Payload payload, BroadcastOptions options) {
    return kind.handlePush(new PushRequest("room:a", event, payload, Principal.anonymous()), options);
  }

  @Test
  void joinIsAcceptedAtOnceWithAnEmptyResponse() throws Exception {
    assertEquals(
        new JoinOutcome.Accepted<>(Payload.EMPTY, new BroadcastOptions(true, true)),
        join(json("{\"config\":{\"broadcast\":{\"self\":true,\"ack\":true}}}")));
  }

  @Test
  void selfAndAckAreReadSeparately() throws Exception {
    assertEquals(new BroadcastOptions(true, false), optionsFor(json("{\"config\":{\"broadcast\":{\"self\":true}}}")));
    assertEquals(new BroadcastOptions(false, true), optionsFor(json("{\"config\":{\"broadcast\":{\"ack\":true}}}")));
    assertEquals(
        new BroadcastOptions(false, false),
        optionsFor(json("{\"config\":{\"broadcast\":{\"self\":false,\"ack\":false}}}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"config\":{}}", "{\"config\":{\"presence\":{\"key\":\"u1\"}}}",
      "{\"config\":{\"broadcast\":{}}}", "{\"config\":\"broadcast\"}", "null", "[]", "\"self\""})
  void withoutOptionsTheSenderHearsNothingBack(String payload) throws Exception {
    assertEquals(new BroadcastOptions(false, false), optionsFor(json(payload)));
  }

  @Test
  void aBinaryJoinPayloadMeansNoOptions() {
    assertEquals(new BroadcastOptions(false, false), optionsFor(Payload.binary(new byte[] {1, 2})));
  }

  @Test
  void aPushIsRelayedWithTheJoinsOptions() throws Exception {
    Payload payload = json("{\"text\":\"hi\"}");

    assertEquals(
        new PushOutcome.Relay("msg", payload, true, false), push("msg", payload, new BroadcastOptions(true, false)));
    assertEquals(
        new PushOutcome.Relay("msg", payload, false, true), push("msg", payload, new BroadcastOptions(false, true)));
    assertEquals(
        new PushOutcome.Relay("msg", payload, false, false), push("msg", payload, new BroadcastOptions(false, false)));
  }

  @Test
  void binaryPushesAreRelayedToo() {
    Payload payload = Payload.binary(new byte[] {1, 2, 3});

    assertEquals(
        new PushOutcome.Relay("bytes", payload, true, true), push("bytes", payload, new BroadcastOptions(true, true)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"phx_join", "phx_leave", "phx_reply", "phx_close", "phx_error", "phx_custom", "presence_state", "presence_diff"})
  void reservedEventsAreRefused(String event) {
    ObjectNode reason = JsonNodeFactory.instance.objectNode().put("reason", "unknown event " + event);

    assertEquals(
        new PushOutcome.Respond(Reply.Status.ERROR, Payload.json(reason)),
        push(event, Payload.EMPTY, new BroadcastOptions(true, true)));
  }

  @Test
  void serverMessagesAreDeliveredUnchanged() throws Exception {
    Payload payload = json("{\"n\":1}");

    assertEquals(
        new ServerOutcome.Deliver("update", payload),
        kind.handleServerMessage(new ServerMessage("room:a", "update", payload)));
  }
}
