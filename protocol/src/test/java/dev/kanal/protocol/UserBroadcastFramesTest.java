package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.binary;
import static dev.kanal.protocol.TestFrames.bytes;
import static dev.kanal.protocol.TestFrames.bytesOf;
import static dev.kanal.protocol.TestFrames.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** realtime-js's user broadcast frames: the kind-3 push it sends, the kind-4 broadcast it reads. */
class UserBroadcastFramesTest {

  static Message decodeOk(Frame.Binary frame) {
    return assertInstanceOf(Decoded.Ok.class, UserBroadcastFrames.decodePush(frame)).message();
  }

  static String decodeInvalid(Frame.Binary frame) {
    return assertInstanceOf(Decoded.Invalid.class, UserBroadcastFrames.decodePush(frame)).reason();
  }

  @Test
  void decodesAJsonPushAsAMessageOfTheUsersEvent() {
    Frame.Binary frame = binary(
        3, // kind: user broadcast push
        1, // join_ref length
        1, // ref length
        3, // topic length
        2, // user event length
        0, // meta length
        1, // encoding: JSON
        '1', // join_ref "1"
        '3', // ref "3"
        'r', ':', 'a', // topic "r:a"
        'e', 'v', // user event "ev"
        '{', '"', 'a', '"', ':', '1', '}'); // payload {"a":1}

    assertTrue(UserBroadcastFrames.isPush(frame));
    assertEquals(new Message("1", "3", "r:a", "ev", json("{\"a\":1}")), decodeOk(frame));
  }

  @Test
  void decodesABinaryPushAndSkipsItsMeta() {
    Frame.Binary frame = binary(
        3, // kind
        0, // join_ref length: absent
        0, // ref length: absent
        1, // topic length
        1, // user event length
        2, // meta length
        0, // encoding: binary
        't', // topic
        'e', // user event
        '{', '}', // meta {}
        0, 0xff); // payload bytes

    assertEquals(new Message(null, null, "t", "e", Payload.binary(bytes(0, 0xff))), decodeOk(frame));
  }

  @Test
  void refusesBrokenPushesWithAReason() {
    assertEquals("user broadcast push header is truncated", decodeInvalid(binary(3, 0, 0)));
    assertEquals("user broadcast push field lengths exceed the frame", decodeInvalid(binary(3, 0, 0, 9, 1, 0, 1, 't')));
    assertEquals("a user broadcast push needs a topic and an event", decodeInvalid(binary(3, 0, 0, 1, 0, 0, 1, 't')));
    assertEquals("unknown user broadcast payload encoding 7", decodeInvalid(binary(3, 0, 0, 1, 1, 0, 7, 't', 'e')));
    assertTrue(decodeInvalid(binary(3, 0, 0, 1, 1, 0, 1, 't', 'e', '{')).startsWith("a user broadcast push's JSON payload is invalid"));
    assertEquals("user broadcast push fields must be UTF-8", decodeInvalid(binary(3, 0, 0, 1, 1, 0, 1, 0xff, 'e', '1')));
    assertFalse(UserBroadcastFrames.isPush(binary(0, 0, 0, 1, 1, 't', 'e')));
    assertEquals("expected a user broadcast push (binary kind 3)", decodeInvalid(binary(0, 0, 0, 1, 1, 't', 'e')));
  }

  @Test
  void encodesABroadcastAsKindFourWithItsEncoding() {
    assertArrayEquals(
        bytes(
            4, // kind: user broadcast
            3, // topic length
            2, // user event length
            0, // meta length: none
            1, // encoding: JSON
            'r', ':', 'a', // topic
            'e', 'v', // user event
            '{', '"', 'a', '"', ':', '1', '}'), // payload
        bytesOf(UserBroadcastFrames.broadcast("r:a", "ev", json("{\"a\":1}"))));
    assertArrayEquals(
        bytes(4, 1, 1, 0, 0, 't', 'e', 0, 0xff),
        bytesOf(UserBroadcastFrames.broadcast("t", "e", Payload.binary(bytes(0, 0xff)))));
  }

  @Test
  void fieldLengthsCountUtf8Bytes() {
    byte[] frame = bytesOf(UserBroadcastFrames.broadcast("t", "grüß", json("{}")));
    assertEquals(6, frame[2], "ü and ß take two bytes each");
  }

  @Property(tries = 300)
  void decodingArbitraryBytesNeverThrows(@ForAll byte[] tail) {
    byte[] frame = new byte[tail.length + 1];
    frame[0] = 3;
    System.arraycopy(tail, 0, frame, 1, tail.length);
    Decoded decoded = UserBroadcastFrames.decodePush(new Frame.Binary(frame));
    assertTrue(decoded instanceof Decoded.Ok || decoded instanceof Decoded.Invalid);
  }
}
