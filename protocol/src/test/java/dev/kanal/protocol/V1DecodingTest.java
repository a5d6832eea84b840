package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.binary;
import static dev.kanal.protocol.TestFrames.decodeInvalid;
import static dev.kanal.protocol.TestFrames.decodeOk;
import static dev.kanal.protocol.TestFrames.json;
import static dev.kanal.protocol.TestFrames.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class V1DecodingTest {
  private final Serializer v1 = Serializers.V1;

  @Test
  void decodesAPushAndHonoursJoinRef() {
    Frame frame = text("{\"topic\":\"room:a\",\"event\":\"ev\",\"payload\":{\"a\":1},\"ref\":\"2\",\"join_ref\":\"1\"}");

    Message message = decodeOk(v1, frame);

    assertEquals(new Message("1", "2", "room:a", "ev", json("{\"a\":1}")), message);
  }

  @Test
  void missingRefsAreNull() {
    Message message = decodeOk(v1, text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{}}"));

    assertNull(message.joinRef());
    assertNull(message.ref());
  }

  @Test
  void integerRefsBecomeStrings() {
    Message message =
        decodeOk(v1, text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":42,\"join_ref\":-7}"));

    assertEquals("42", message.ref());
    assertEquals("-7", message.joinRef());
  }

  @Test
  void explicitNullRefsAreNull() {
    Message message =
        decodeOk(v1, text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":null,\"join_ref\":null}"));

    assertNull(message.ref());
    assertNull(message.joinRef());
  }

  @Test
  void anyJsonPayloadIsKept() {
    assertEquals(json("null"), decodeOk(v1, text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":null}")).payload());
    assertEquals(
        json("[1,[2]]"), decodeOk(v1, text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":[1,[2]]}")).payload());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"event\":\"e\",\"payload\":{}}",
        "{\"topic\":null,\"event\":\"e\",\"payload\":{}}",
        "{\"topic\":1,\"event\":\"e\",\"payload\":{}}",
        "{\"topic\":[\"t\"],\"event\":\"e\",\"payload\":{}}",
        "{\"topic\":\"t\",\"payload\":{}}",
        "{\"topic\":\"t\",\"event\":false,\"payload\":{}}",
        "{\"topic\":\"t\",\"event\":{},\"payload\":{}}"
      })
  void missingOrIllTypedTopicOrEventIsInvalid(String frame) {
    decodeInvalid(v1, text(frame));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":1.5}",
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":true}",
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":{}}",
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"join_ref\":[\"1\"]}"
      })
  void refsOtherThanStringIntegerOrNullAreInvalid(String frame) {
    decodeInvalid(v1, text(frame));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"1\",\"2\",\"t\",\"e\",{}]", "\"t\"", "42", "null", "true"})
  void nonObjectIsInvalid(String frame) {
    decodeInvalid(v1, text(frame));
  }

  @Test
  void missingPayloadIsInvalid() {
    assertEquals("payload is missing", decodeInvalid(v1, text("{\"topic\":\"t\",\"event\":\"e\",\"ref\":\"1\"}")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{}} x",
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{}}{}",
        "{\"topic\":\"t\",\"event\":\"e\",\"payload\":{}}]"
      })
  void trailingGarbageIsInvalid(String frame) {
    decodeInvalid(v1, text(frame));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n\t"})
  void emptyTextIsInvalid(String frame) {
    decodeInvalid(v1, text(frame));
  }

  @Test
  void binaryFramesAreInvalid() {
    decodeInvalid(v1, binary(0, 0, 0, 1, 1, 't', 'e'));
  }
}
