package dev.kanal.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The binary frames Supabase's realtime-js uses for user broadcasts on the V2 serializer. A client
 * sends every {@code broadcast} push as kind 3, the server sends user broadcasts as kind 4; the
 * payload is raw bytes (encoding 0) or UTF-8 JSON (encoding 1):
 *
 * <pre>
 * push from a client  3 | join_ref len | ref len | topic len | event len | meta len | encoding | join_ref ref topic event meta | payload
 * broadcast           4 | topic len | event len | meta len | encoding | topic event meta | payload
 * </pre>
 *
 * {@code event} is the user's event (the push's own event is {@code broadcast}); {@code meta} is
 * optional JSON that the server does not act on.
 */
public final class UserBroadcastFrames {
  static final int USER_BROADCAST_PUSH = 3;
  static final int USER_BROADCAST = 4;
  private static final byte BINARY = 0;
  private static final byte JSON = 1;

  private UserBroadcastFrames() {}

  /** Whether {@code frame} is a kind-3 user broadcast push. */
  public static boolean isPush(Frame.Binary frame) {
    return frame.bytes().length() > 0 && (frame.bytes().unsafeArray()[0] & 0xff) == USER_BROADCAST_PUSH;
  }

  /**
   * A kind-3 push as a message whose event is the user's event and whose payload is the user's
   * payload, JSON or bytes. Never throws.
   */
  public static Decoded decodePush(Frame.Binary frame) {
    byte[] bytes = frame.bytes().unsafeArray();
    if (!isPush(frame)) {
      return Decoded.invalid("expected a user broadcast push (binary kind 3)");
    }
    BinaryFrames.Fields fields;
    try {
      fields = BinaryFrames.Fields.read(bytes, 5, 7, "user broadcast push");
    } catch (BinaryFrames.InvalidFrame e) {
      return Decoded.invalid(e.getMessage());
    }
    if (fields.get(2).isEmpty() || fields.get(3).isEmpty()) {
      return Decoded.invalid("a user broadcast push needs a topic and an event");
    }
    Payload payload;
    byte encoding = bytes[6];
    if (encoding == BINARY) {
      payload = Payload.binary(fields.rest());
    } else if (encoding == JSON) {
      try {
        payload = Payload.json(JsonCodec.parse(bytes, fields.end(), bytes.length - fields.end()));
      } catch (IOException e) {
        return Decoded.invalid("a user broadcast push's JSON payload is invalid: " + e.getMessage());
      }
    } else {
      return Decoded.invalid("unknown user broadcast payload encoding " + encoding);
    }
    return new Decoded.Ok(new Message(
        BinaryFrames.emptyToNull(fields.get(0)), BinaryFrames.emptyToNull(fields.get(1)), fields.get(2),
        fields.get(3), payload));
  }

  /** Whether a kind-4 frame can carry {@code topic} and {@code event}: each at most 255 UTF-8 bytes. */
  public static boolean fits(String topic, String event) {
    return BinaryFrames.utf8(topic).length <= BinaryFrames.MAX_FIELD && BinaryFrames.utf8(event).length <= BinaryFrames.MAX_FIELD;
  }

  /** A kind-4 user broadcast of {@code event} with {@code payload} on {@code topic}, without meta; see {@link #fits}. */
  public static Frame broadcast(String topic, String event, Payload payload) {
    byte[] body;
    byte encoding;
    if (payload instanceof Payload.Binary binary) {
      body = binary.bytes().unsafeArray();
      encoding = BINARY;
    } else {
      body = JsonCodec.write(generator -> JsonCodec.writePayload(generator, payload)).getBytes(StandardCharsets.UTF_8);
      encoding = JSON;
    }
    byte[][] fields = {BinaryFrames.utf8(topic), BinaryFrames.utf8(event), new byte[0]};
    return BinaryFrames.build(USER_BROADCAST, body, fields, encoding);
  }
}
