package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.bytes;
import static dev.kanal.protocol.TestFrames.bytesOf;
import static dev.kanal.protocol.TestFrames.json;
import static dev.kanal.protocol.TestFrames.textOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Server frames that were fed, byte for byte, to phoenix.js 1.8.16's {@code Serializer.decode}. Each
 * test pins the Java encoding to the exact input that was checked, and its comment records what
 * phoenix.js decoded it to. If an encoding here changes, check it against phoenix.js again.
 */
class PhoenixJsDecodesServerFramesTest {
  private final Serializer v2 = Serializers.V2;

  // phoenix.js: {join_ref:"1", ref:"2", topic:"room:a", event:"phx_reply", payload:{status:"ok", response:{}}}
  @Test
  void jsonReply() {
    assertEquals(
        "[\"1\",\"2\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
        textOf(v2.encode(Reply.ok("1", "2", "room:a", Payload.EMPTY))));
  }

  // phoenix.js: {join_ref:null, ref:null, topic:"room:a", event:"ev", payload:{a:1}}
  @Test
  void jsonBroadcast() {
    assertEquals(
        "[null,null,\"room:a\",\"ev\",{\"a\":1}]",
        textOf(v2.fastlane(new Broadcast("room:a", "ev", json("{\"a\":1}")))));
  }

  // phoenix.js: {join_ref:"1", ref:null, topic:"room:a", event:"ev", payload:{a:1}}
  @Test
  void jsonPush() {
    assertEquals(
        "[\"1\",null,\"room:a\",\"ev\",{\"a\":1}]",
        textOf(v2.encode(new Message("1", null, "room:a", "ev", json("{\"a\":1}")))));
  }

  // phoenix.js: {join_ref:"1", ref:null, topic:"room:a", event:"ev", payload:ArrayBuffer[1,2,3]}
  @Test
  void binaryPush() {
    assertArrayEquals(
        bytes(0, 1, 6, 2, '1', 'r', 'o', 'o', 'm', ':', 'a', 'e', 'v', 1, 2, 3),
        bytesOf(v2.encode(new Message("1", null, "room:a", "ev", Payload.binary(bytes(1, 2, 3))))));
  }

  // phoenix.js: {join_ref:"1", ref:"2", topic:"room:a", event:"phx_reply",
  //              payload:{status:"ok", response:ArrayBuffer[4,5]}}
  @Test
  void binaryOkReply() {
    assertArrayEquals(
        bytes(1, 1, 1, 6, 2, '1', '2', 'r', 'o', 'o', 'm', ':', 'a', 'o', 'k', 4, 5),
        bytesOf(v2.encode(Reply.ok("1", "2", "room:a", Payload.binary(bytes(4, 5))))));
  }

  // phoenix.js: {join_ref:"", ref:"2", topic:"room:a", event:"phx_reply",
  //              payload:{status:"error", response:ArrayBuffer[]}}; the client matches replies by ref.
  @Test
  void binaryErrorReplyWithoutJoinRef() {
    assertArrayEquals(
        bytes(1, 0, 1, 6, 5, '2', 'r', 'o', 'o', 'm', ':', 'a', 'e', 'r', 'r', 'o', 'r'),
        bytesOf(v2.encode(Reply.error(null, "2", "room:a", Payload.binary(new byte[0])))));
  }

  // phoenix.js: {join_ref:null, ref:null, topic:"room:é", event:"ev", payload:ArrayBuffer[6]}
  @Test
  void binaryBroadcastWithMultiByteTopic() {
    assertArrayEquals(
        bytes(2, 7, 2, 'r', 'o', 'o', 'm', ':', 0xc3, 0xa9, 'e', 'v', 6),
        bytesOf(v2.fastlane(new Broadcast("room:é", "ev", Payload.binary(bytes(6))))));
  }
}
