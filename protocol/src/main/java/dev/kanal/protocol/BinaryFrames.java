package dev.kanal.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The V2 binary frame layouts phoenix.js uses. Every frame starts with a kind byte, then one length
 * byte per string field, then the UTF-8 fields, then the raw payload:
 *
 * <pre>
 * push from a client  0 | join_ref len | ref len | topic len | event len | join_ref ref topic event | payload
 * push to a client    0 | join_ref len | topic len | event len | join_ref topic event | payload
 * reply               1 | join_ref len | ref len | topic len | status len | join_ref ref topic status | response
 * broadcast           2 | topic len | event len | topic event | payload
 * </pre>
 *
 * A field is at most 255 bytes; an empty ref field means null.
 */
final class BinaryFrames {
  static final int PUSH = 0;
  static final int REPLY = 1;
  static final int BROADCAST = 2;

  private static final int MAX_FIELD = 255;

  private BinaryFrames() {}

  static Frame push(String joinRef, String topic, String event, Payload.Binary payload) {
    return build(PUSH, payload, utf8(joinRef), utf8(topic), utf8(event));
  }

  static Frame reply(String joinRef, String ref, String topic, String status, Payload.Binary response) {
    return build(REPLY, response, utf8(joinRef), utf8(ref), utf8(topic), utf8(status));
  }

  static Frame broadcast(String topic, String event, Payload.Binary payload) {
    return build(BROADCAST, payload, utf8(topic), utf8(event));
  }

  private static byte[] utf8(String field) {
    return field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
  }

  private static Frame build(int kind, Payload.Binary payload, byte[]... fields) {
    int size = 1 + fields.length + payload.bytes().length();
    for (byte[] field : fields) {
      if (field.length > MAX_FIELD) {
        throw new IllegalArgumentException("a binary frame field is limited to 255 bytes");
      }
      size += field.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) kind);
    for (byte[] field : fields) {
      out.put((byte) field.length);
    }
    for (byte[] field : fields) {
      out.put(field);
    }
    out.put(payload.bytes().unsafeArray());
    return new Frame.Binary(out.array());
  }

  /** Decodes a client's binary push; other kinds only ever travel from server to client. */
  static Decoded decode(byte[] bytes) {
    if (bytes.length == 0) {
      return Decoded.invalid("empty binary frame");
    }
    int kind = bytes[0] & 0xff;
    if (kind != PUSH) {
      return Decoded.invalid("binary frame kind " + kind + " cannot be sent by a client");
    }
    int header = 5;
    if (bytes.length < header) {
      return Decoded.invalid("binary push header is truncated");
    }
    int[] lengths = {bytes[1] & 0xff, bytes[2] & 0xff, bytes[3] & 0xff, bytes[4] & 0xff};
    String[] fields = new String[lengths.length];
    int offset = header;
    for (int i = 0; i < lengths.length; i++) {
      if (offset + lengths[i] > bytes.length) {
        return Decoded.invalid("binary push field lengths exceed the frame");
      }
      try {
        fields[i] = strictUtf8(bytes, offset, lengths[i]);
      } catch (CharacterCodingException e) {
        return Decoded.invalid("binary push fields must be UTF-8");
      }
      offset += lengths[i];
    }
    if (fields[2].isEmpty() || fields[3].isEmpty()) {
      return Decoded.invalid("binary push needs a topic and an event");
    }
    byte[] payload = new byte[bytes.length - offset];
    System.arraycopy(bytes, offset, payload, 0, payload.length);
    return new Decoded.Ok(
        new Message(emptyToNull(fields[0]), emptyToNull(fields[1]), fields[2], fields[3], Payload.binary(payload)));
  }

  private static String strictUtf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
    CharBuffer chars =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, offset, length));
    return chars.toString();
  }

  private static String emptyToNull(String field) {
    return field.isEmpty() ? null : field;
  }
}
