package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.binary;
import static dev.kanal.protocol.TestFrames.bytes;
import static dev.kanal.protocol.TestFrames.decodeOk;
import static dev.kanal.protocol.TestFrames.json;
import static dev.kanal.protocol.TestFrames.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Frames produced by phoenix.js 1.8.16's {@code Serializer.encode} (priv/static/phoenix.mjs), captured
 * verbatim, decoded by V2. Refs follow what a socket's makeRef hands out: the join's ref is also its
 * join_ref, and later pushes on the channel reuse that join_ref.
 */
class PhoenixJsClientFramesTest {
  private final Serializer v2 = Serializers.V2;

  @Test
  void join() {
    Frame captured = text("[\"3\",\"3\",\"room:lobby\",\"phx_join\",{}]");

    assertEquals(new Message("3", "3", "room:lobby", Events.JOIN, Payload.EMPTY), decodeOk(v2, captured));
  }

  @Test
  void heartbeat() {
    Frame captured = text("[null,\"4\",\"phoenix\",\"heartbeat\",{}]");

    assertEquals(
        new Message(null, "4", Events.PHOENIX_TOPIC, Events.HEARTBEAT, Payload.EMPTY), decodeOk(v2, captured));
  }

  @Test
  void pushWithNestedPayload() {
    Frame captured =
        text(
            "[\"3\",\"5\",\"room:lobby\",\"new_msg\",{\"body\":\"hi \\\"there\\\" é\","
                + "\"meta\":{\"tags\":[\"a\",\"b\"],\"n\":1.5,\"ok\":true,\"none\":null},\"list\":[[1,[2]],{}]}]");

    assertEquals(
        new Message(
            "3",
            "5",
            "room:lobby",
            "new_msg",
            json(
                "{\"body\":\"hi \\\"there\\\" é\","
                    + "\"meta\":{\"tags\":[\"a\",\"b\"],\"n\":1.5,\"ok\":true,\"none\":null},\"list\":[[1,[2]],{}]}")),
        decodeOk(v2, captured));
  }

  @Test
  void leave() {
    Frame captured = text("[\"3\",\"6\",\"room:lobby\",\"phx_leave\",{}]");

    assertEquals(new Message("3", "6", "room:lobby", Events.LEAVE, Payload.EMPTY), decodeOk(v2, captured));
  }

  @Test
  void binaryPush() {
    Frame captured =
        binary(
            0, // kind: push
            1, // join_ref length
            1, // ref length
            10, // topic length
            6, // event length
            '3', // join_ref "3"
            '7', // ref "7"
            'r', 'o', 'o', 'm', ':', 'l', 'o', 'b', 'b', 'y', // topic "room:lobby"
            'u', 'p', 'l', 'o', 'a', 'd', // event "upload"
            1, 2, 3, 255); // payload: the ArrayBuffer's bytes

    assertEquals(
        new Message("3", "7", "room:lobby", "upload", Payload.binary(bytes(1, 2, 3, 255))), decodeOk(v2, captured));
  }

  @Test
  void binaryPushWithMultiByteTopic() {
    Frame captured =
        binary(
            0, // kind: push
            2, // join_ref length
            2, // ref length
            7, // topic length: UTF-8 bytes, as TextEncoder counts them
            2, // event length
            '1', '2', // join_ref "12"
            '1', '3', // ref "13"
            'r', 'o', 'o', 'm', ':', 0xc3, 0xa9, // topic "room:é"
            'u', 'p', // event "up"
            0); // payload

    assertEquals(new Message("12", "13", "room:é", "up", Payload.binary(bytes(0))), decodeOk(v2, captured));
  }

  // phoenix.js runs a null join_ref through TextEncoder, which writes the text "null"; like Phoenix,
  // the server takes the field verbatim. Channel pushes always carry a join_ref, so this only shows up
  // for hand-built messages.
  @Test
  void binaryPushWithNullJoinRefArrivesAsTheTextNull() {
    Frame captured =
        binary(
            0, // kind: push
            4, // join_ref length
            1, // ref length
            1, // topic length
            1, // event length
            'n', 'u', 'l', 'l', // join_ref: the text "null"
            '8', // ref "8"
            't', // topic
            'e', // event
            9); // payload

    assertEquals(new Message("null", "8", "t", "e", Payload.binary(bytes(9))), decodeOk(v2, captured));
  }
}
