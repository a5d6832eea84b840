package dev.kanal.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Fixture builders and decode assertions shared by the protocol tests. */
final class TestFrames {
  private TestFrames() {}

  /** Bytes written as unsigned ints, so fixtures read like the wire (0..255) without casts. */
  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] > 255) {
        throw new IllegalArgumentException("not a byte: " + values[i]);
      }
      out[i] = (byte) values[i];
    }
    return out;
  }

  static Frame.Text text(String text) {
    return new Frame.Text(text);
  }

  static Frame.Binary binary(int... values) {
    return new Frame.Binary(bytes(values));
  }

  static Payload json(String text) {
    try {
      return Payload.json(JsonCodec.MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad JSON fixture: " + text, e);
    }
  }

  static String textOf(Frame frame) {
    return assertInstanceOf(Frame.Text.class, frame, "expected a text frame").text();
  }

  static byte[] bytesOf(Frame frame) {
    return assertInstanceOf(Frame.Binary.class, frame, "expected a binary frame").bytes().toArray();
  }

  static Message decodeOk(Serializer serializer, Frame frame) {
    Decoded decoded = serializer.decode(frame);
    return assertInstanceOf(Decoded.Ok.class, decoded, () -> "expected a message, got " + decoded)
        .message();
  }

  static String decodeInvalid(Serializer serializer, Frame frame) {
    Decoded decoded = serializer.decode(frame);
    Decoded.Invalid invalid =
        assertInstanceOf(Decoded.Invalid.class, decoded, () -> "expected Invalid, got " + decoded);
    assertReason(invalid);
    return invalid.reason();
  }

  /** The decode contract: a message, or Invalid with a reason the client can be shown. */
  static void assertWellFormed(Decoded decoded) {
    assertNotNull(decoded, "decode returned null");
    if (decoded instanceof Decoded.Ok ok) {
      assertNotNull(ok.message(), "Ok without a message");
    } else {
      assertReason((Decoded.Invalid) decoded);
    }
  }

  private static void assertReason(Decoded.Invalid invalid) {
    assertFalse(invalid.reason() == null || invalid.reason().isBlank(), "Invalid needs a reason");
  }
}
