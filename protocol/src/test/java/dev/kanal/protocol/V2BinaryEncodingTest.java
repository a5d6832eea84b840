package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.bytes;
import static dev.kanal.protocol.TestFrames.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Golden V2 binary frames the server sends: push (kind 0), reply (kind 1), broadcast (kind 2). */
class V2BinaryEncodingTest {
  private final Serializer v2 = Serializers.V2;

  // The server's push has no ref field: phoenix.js reads three lengths for kind 0 from the server.
  @Test
  void pushIsKindZeroWithoutRef() {
    Frame frame = v2.encode(new Message("1", "2", "room:a", "ev", Payload.binary(bytes(1, 2, 3))));

    assertArrayEquals(
        bytes(
            0, // kind: push
            1, // join_ref length
            6, // topic length
            2, // event length
            '1', // join_ref "1"
            'r', 'o', 'o', 'm', ':', 'a', // topic "room:a"
            'e', 'v', // event "ev"
            1, 2, 3), // payload
        bytesOf(frame));
  }

  @Test
  void pushWithoutJoinRefHasEmptyJoinRefField() {
    Frame frame = v2.encode(new Message(null, null, "t", "e", Payload.binary(bytes(9))));

    assertArrayEquals(
        bytes(
            0, // kind: push
            0, // join_ref length: absent
            1, // topic length
            1, // event length
            't', // topic
            'e', // event
            9), // payload
        bytesOf(frame));
  }

  @Test
  void okReplyIsKindOneWithStatusInEventSlot() {
    Frame frame = v2.encode(Reply.ok("1", "2", "room:a", Payload.binary(bytes(4, 5))));

    assertArrayEquals(
        bytes(
            1, // kind: reply
            1, // join_ref length
            1, // ref length
            6, // topic length
            2, // status length
            '1', // join_ref "1"
            '2', // ref "2"
            'r', 'o', 'o', 'm', ':', 'a', // topic "room:a"
            'o', 'k', // status "ok"
            4, 5), // response
        bytesOf(frame));
  }

  @Test
  void errorReplyWithoutJoinRefOrResponseBytes() {
    Frame frame = v2.encode(Reply.error(null, "2", "room:a", Payload.binary(new byte[0])));

    assertArrayEquals(
        bytes(
            1, // kind: reply
            0, // join_ref length: absent
            1, // ref length
            6, // topic length
            5, // status length
            '2', // ref "2"
            'r', 'o', 'o', 'm', ':', 'a', // topic "room:a"
            'e', 'r', 'r', 'o', 'r'), // status "error"; empty response
        bytesOf(frame));
  }

  // Lengths count UTF-8 bytes, not chars: "room:é" is 6 chars but 7 bytes.
  @Test
  void broadcastIsKindTwoWithByteLengths() {
    Frame frame = v2.fastlane(new Broadcast("room:é", "ev", Payload.binary(bytes(6))));

    assertArrayEquals(
        bytes(
            2, // kind: broadcast
            7, // topic length in bytes
            2, // event length
            'r', 'o', 'o', 'm', ':', 0xc3, 0xa9, // topic "room:é"
            'e', 'v', // event "ev"
            6), // payload
        bytesOf(frame));
  }

  @Test
  void fieldsUpTo255BytesAreAccepted() {
    String topic = "t".repeat(255);

    byte[] frame = bytesOf(v2.fastlane(new Broadcast(topic, "e", Payload.binary(new byte[0]))));

    assertEquals(255, frame[1] & 0xff);
    assertEquals(1 + 2 + 255 + 1, frame.length);
  }

  // One length byte cannot describe a longer field; truncating it would corrupt the frame.
  @Test
  void fieldsOver255BytesAreRefused() {
    Payload bytes = Payload.binary(bytes(1));
    String longTopic = "t".repeat(256);
    String longInBytes = "é".repeat(128);

    assertThrows(IllegalArgumentException.class, () -> v2.fastlane(new Broadcast(longTopic, "e", bytes)));
    assertThrows(IllegalArgumentException.class, () -> v2.fastlane(new Broadcast(longInBytes, "e", bytes)));
    assertThrows(IllegalArgumentException.class, () -> v2.encode(Reply.ok(null, "r".repeat(256), "t", bytes)));
    assertThrows(IllegalArgumentException.class, () -> v2.encode(new Message("j".repeat(256), null, "t", "e", bytes)));
  }
}
