package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.decodeInvalid;
import static dev.kanal.protocol.TestFrames.decodeOk;
import static dev.kanal.protocol.TestFrames.json;
import static dev.kanal.protocol.TestFrames.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class V2JsonDecodingTest {
  private final Serializer v2 = Serializers.V2;

  @Test
  void decodesAPush() {
    Message message = decodeOk(v2, text("[\"1\",\"2\",\"room:a\",\"ev\",{\"a\":1}]"));

    assertEquals(new Message("1", "2", "room:a", "ev", json("{\"a\":1}")), message);
  }

  @Test
  void integerRefsBecomeStrings() {
    assertEquals(new Message("3", "4", "t", "e", Payload.EMPTY), decodeOk(v2, text("[3,4,\"t\",\"e\",{}]")));
  }

  @Test
  void nullRefsStayNull() {
    assertEquals(new Message(null, null, "t", "e", Payload.EMPTY), decodeOk(v2, text("[null,null,\"t\",\"e\",{}]")));
  }

  @Test
  void anyJsonPayloadIsKept() {
    assertEquals(json("null"), decodeOk(v2, text("[null,\"1\",\"t\",\"e\",null]")).payload());
    assertEquals(json("\"s\""), decodeOk(v2, text("[null,\"1\",\"t\",\"e\",\"s\"]")).payload());
    assertEquals(json("[[{}]]"), decodeOk(v2, text("[null,\"1\",\"t\",\"e\",[[{}]]]")).payload());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[null,null,\"t\",\"e\"]",
        "[null,null,\"t\",\"e\",{},{}]",
        "[null,null,\"t\",\"e\",{},\"extra\",\"more\"]"
      })
  void arraysMustHaveExactlyFiveElements(String frame) {
    decodeInvalid(v2, text(frame));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[null,null,null,\"e\",{}]",
        "[null,null,1,\"e\",{}]",
        "[null,null,{},\"e\",{}]",
        "[null,null,\"t\",null,{}]",
        "[null,null,\"t\",2,{}]",
        "[null,null,\"t\",[\"e\"],{}]"
      })
  void illTypedTopicOrEventIsInvalid(String frame) {
    decodeInvalid(v2, text(frame));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1.5,null,\"t\",\"e\",{}]", "[null,true,\"t\",\"e\",{}]", "[null,{},\"t\",\"e\",{}]"})
  void refsOtherThanStringIntegerOrNullAreInvalid(String frame) {
    decodeInvalid(v2, text(frame));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"topic\":\"t\",\"event\":\"e\",\"payload\":{}}", "\"t\"", "5", "null"})
  void nonArrayIsInvalid(String frame) {
    decodeInvalid(v2, text(frame));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[null,null,\"t\",\"e\",{}] x", "[null,null,\"t\",\"e\",{}][]", "[null,null,\"t\",\"e\",{}]}"})
  void trailingGarbageIsInvalid(String frame) {
    decodeInvalid(v2, text(frame));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\r\n"})
  void emptyTextIsInvalid(String frame) {
    decodeInvalid(v2, text(frame));
  }
}
