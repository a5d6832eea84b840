package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.json;
import static dev.kanal.protocol.TestFrames.textOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Exact V2 text: the array [join_ref, ref, topic, event, payload]. */
class V2JsonEncodingTest {
  private final Serializer v2 = Serializers.V2;

  @Test
  void pushCarriesBothRefs() {
    Frame frame = v2.encode(new Message("1", "2", "room:a", "ev", json("{\"a\":1}")));

    assertEquals("[\"1\",\"2\",\"room:a\",\"ev\",{\"a\":1}]", textOf(frame));
  }

  @Test
  void serverPushWithoutRefWritesNull() {
    Frame frame = v2.encode(new Message("1", null, "room:a", "ev", Payload.EMPTY));

    assertEquals("[\"1\",null,\"room:a\",\"ev\",{}]", textOf(frame));
  }

  @Test
  void okReply() {
    Frame frame = v2.encode(Reply.ok("1", "2", "room:a", Payload.EMPTY));

    assertEquals("[\"1\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]", textOf(frame));
  }

  @Test
  void errorReply() {
    Frame frame = v2.encode(Reply.error(null, "2", "room:a", json("{\"reason\":\"unmatched topic\"}")));

    assertEquals(
        "[null,\"2\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]",
        textOf(frame));
  }

  @Test
  void broadcastHasNullRefs() {
    Frame frame = v2.fastlane(new Broadcast("room:a", "ev", json("{\"a\":1}")));

    assertEquals("[null,null,\"room:a\",\"ev\",{\"a\":1}]", textOf(frame));
  }

  @Test
  void nonObjectPayloadsAreWrittenAsIs() {
    assertEquals("[null,null,\"t\",\"e\",null]", textOf(v2.fastlane(new Broadcast("t", "e", json("null")))));
    assertEquals("[null,null,\"t\",\"e\",[1,\"x\"]]", textOf(v2.fastlane(new Broadcast("t", "e", json("[1,\"x\"]")))));
    assertEquals("[null,null,\"t\",\"e\",\"s\"]", textOf(v2.fastlane(new Broadcast("t", "e", json("\"s\"")))));
  }

  @Test
  void stringsAreEscaped() {
    Frame frame = v2.encode(new Message(null, "2", "room:\"é\"", "ev", json("{\"s\":\"a\\\"b\\n\"}")));

    assertEquals("[null,\"2\",\"room:\\\"é\\\"\",\"ev\",{\"s\":\"a\\\"b\\n\"}]", textOf(frame));
  }
}
