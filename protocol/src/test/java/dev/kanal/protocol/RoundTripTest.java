package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.decodeOk;
import static dev.kanal.protocol.TestFrames.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a serializer encodes, it decodes back to the same message (JSON payloads). */
class RoundTripTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"a\":1}",
        "{\"body\":\"hi \\\"there\\\" é \\u2028\",\"meta\":{\"tags\":[\"a\"],\"n\":1.5,\"ok\":true,\"none\":null}}",
        "[1,[2,[3]],{}]",
        "\"just a string\"",
        "123456789012345678901234567890",
        "-0.25",
        "null",
        "false"
      })
  void v2PushRoundTrips(String payload) {
    Message message = new Message("1", "2", "room:é", "ev", json(payload));

    assertEquals(message, decodeOk(Serializers.V2, Serializers.V2.encode(message)));
  }

  // V1 sends no join_ref, so it comes back null; everything else survives.
  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"a\":[1,{\"b\":null}]}", "\"s\"", "null", "3"})
  void v1PushRoundTripsWithoutJoinRef(String payload) {
    Message message = new Message("1", "2", "room:é", "ev", json(payload));

    assertEquals(
        new Message(null, "2", "room:é", "ev", json(payload)),
        decodeOk(Serializers.V1, Serializers.V1.encode(message)));
  }

  @ParameterizedTest
  @EnumSource(Reply.Status.class)
  void replyDecodesAsPhxReplyWithStatusAndResponse(Reply.Status status) {
    Reply reply = new Reply("1", "2", "room:a", status, json("{\"x\":[1]}"));
    Payload wrapped = json("{\"status\":\"" + status.wire() + "\",\"response\":{\"x\":[1]}}");

    assertEquals(
        new Message("1", "2", "room:a", "phx_reply", wrapped), decodeOk(Serializers.V2, Serializers.V2.encode(reply)));
    assertEquals(
        new Message(null, "2", "room:a", "phx_reply", wrapped), decodeOk(Serializers.V1, Serializers.V1.encode(reply)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1}", "[]", "null"})
  void broadcastDecodesWithoutRefs(String payload) {
    Broadcast broadcast = new Broadcast("room:a", "ev", json(payload));
    Message expected = new Message(null, null, "room:a", "ev", json(payload));

    assertEquals(expected, decodeOk(Serializers.V2, Serializers.V2.fastlane(broadcast)));
    assertEquals(expected, decodeOk(Serializers.V1, Serializers.V1.fastlane(broadcast)));
  }
}
