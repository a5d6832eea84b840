package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.json;
import static dev.kanal.protocol.TestFrames.textOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Exact V1 text: one object with topic, event, payload and ref, and never a join_ref. */
class V1EncodingTest {
  private final Serializer v1 = Serializers.V1;

  @Test
  void pushCarriesRefButNotJoinRef() {
    Frame frame = v1.encode(new Message("1", "2", "room:a", "ev", json("{\"a\":1}")));

    assertEquals("{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":{\"a\":1},\"ref\":\"2\"}", textOf(frame));
  }

  @Test
  void serverPushWithoutRefWritesNullRef() {
    Frame frame = v1.encode(new Message("1", null, "room:a", "ev", Payload.EMPTY));

    assertEquals("{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":{},\"ref\":null}", textOf(frame));
  }

  @Test
  void okReplyWrapsStatusAndResponse() {
    Frame frame = v1.encode(Reply.ok("1", "2", "room:a", Payload.EMPTY));

    assertEquals(
        "{\"topic\":\"room:a\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},\"ref\":\"2\"}",
        textOf(frame));
  }

  @Test
  void errorReplyWrapsStatusAndResponse() {
    Frame frame = v1.encode(Reply.error("1", "2", "room:a", json("{\"reason\":\"unmatched topic\"}")));

    assertEquals(
        "{\"topic\":\"room:a\",\"event\":\"phx_reply\","
            + "\"payload\":{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}},\"ref\":\"2\"}",
        textOf(frame));
  }

  @Test
  void broadcastHasNullRef() {
    Frame frame = v1.fastlane(new Broadcast("room:a", "ev", json("{\"a\":1}")));

    assertEquals("{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":{\"a\":1},\"ref\":null}", textOf(frame));
  }

  // V1 has no binary frames, so bytes can only travel as a base64 JSON string.
  @Test
  void binaryPayloadsBecomeBase64Strings() {
    Payload bytes = Payload.binary(new byte[] {1, 2, 3});

    assertEquals(
        "{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":\"AQID\",\"ref\":\"2\"}",
        textOf(v1.encode(new Message("1", "2", "room:a", "ev", bytes))));
    assertEquals(
        "{\"topic\":\"room:a\",\"event\":\"phx_reply\","
            + "\"payload\":{\"status\":\"ok\",\"response\":\"AQID\"},\"ref\":\"2\"}",
        textOf(v1.encode(Reply.ok("1", "2", "room:a", bytes))));
    assertEquals(
        "{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":\"AQID\",\"ref\":null}",
        textOf(v1.fastlane(new Broadcast("room:a", "ev", bytes))));
  }

  @Test
  void stringsAreEscaped() {
    Frame frame = v1.encode(new Message(null, "2", "room:\"é\"", "ev", json("{\"s\":\"a\\\"b\\n\"}")));

    assertEquals(
        "{\"topic\":\"room:\\\"é\\\"\",\"event\":\"ev\",\"payload\":{\"s\":\"a\\\"b\\n\"},\"ref\":\"2\"}",
        textOf(frame));
  }
}
