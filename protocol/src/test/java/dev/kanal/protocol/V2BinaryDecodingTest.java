package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.binary;
import static dev.kanal.protocol.TestFrames.bytes;
import static dev.kanal.protocol.TestFrames.decodeInvalid;
import static dev.kanal.protocol.TestFrames.decodeOk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Client binary pushes (kind 0 with four lengths) decoded by V2. */
class V2BinaryDecodingTest {
  private final Serializer v2 = Serializers.V2;

  @Test
  void decodesAClientPush() {
    Frame frame =
        binary(
            0, // kind: push
            1, // join_ref length
            1, // ref length
            6, // topic length
            2, // event length
            '1', // join_ref "1"
            '2', // ref "2"
            'r', 'o', 'o', 'm', ':', 'a', // topic "room:a"
            'e', 'v', // event "ev"
            1, 2, 0xff); // payload

    assertEquals(new Message("1", "2", "room:a", "ev", Payload.binary(bytes(1, 2, 0xff))), decodeOk(v2, frame));
  }

  @Test
  void emptyRefFieldsMeanNull() {
    Frame frame =
        binary(
            0, // kind: push
            0, // join_ref length: absent
            0, // ref length: absent
            1, // topic length
            1, // event length
            't', // topic
            'e', // event
            7); // payload

    assertEquals(new Message(null, null, "t", "e", Payload.binary(bytes(7))), decodeOk(v2, frame));
  }

  @Test
  void emptyPayloadIsZeroBytes() {
    Frame frame =
        binary(
            0, // kind: push
            0, // join_ref length
            1, // ref length
            1, // topic length
            1, // event length
            '5', // ref "5"
            't', // topic
            'e'); // event; no payload bytes

    assertEquals(new Message(null, "5", "t", "e", Payload.binary(new byte[0])), decodeOk(v2, frame));
  }

  @Test
  void fieldLengthsAreUtf8Bytes() {
    Frame frame =
        binary(
            0, // kind: push
            0, // join_ref length
            0, // ref length
            7, // topic length in bytes
            2, // event length in bytes
            'r', 'o', 'o', 'm', ':', 0xc3, 0xa9, // topic "room:é"
            0xc3, 0xa9); // event "é"; no payload

    Message message = decodeOk(v2, frame);

    assertEquals("room:é", message.topic());
    assertEquals("é", message.event());
  }

  @Test
  void fieldsOf255BytesDecode() {
    byte[] topic = "t".repeat(255).getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[5 + 255 + 1];
    frame[3] = (byte) 255; // topic length
    frame[4] = 1; // event length
    System.arraycopy(topic, 0, frame, 5, 255);
    frame[5 + 255] = 'e';

    Message message = decodeOk(v2, new Frame.Binary(frame));

    assertEquals("t".repeat(255), message.topic());
    assertEquals("e", message.event());
  }

  @Test
  void pushNeedsTopicAndEvent() {
    decodeInvalid(v2, binary(0, 0, 0, 0, 1, 'e'));
    decodeInvalid(v2, binary(0, 0, 0, 1, 0, 't'));
  }

  @Test
  void serverOnlyKindsAreRefusedWithTheirKind() {
    assertEquals(
        "binary frame kind 1 cannot be sent by a client",
        decodeInvalid(v2, binary(1, 0, 1, 1, 2, '1', 't', 'o', 'k')));
  }
}
