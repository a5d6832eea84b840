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

  static final int MAX_FIELD = 255;

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

  static byte[] utf8(String field) {
    return field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
  }

  private static Frame build(int kind, Payload.Binary payload, byte[]... fields) {
    return build(kind, payload.bytes().unsafeArray(), fields);
  }

  /** The kind byte, one length byte per field, {@code afterLengths}, the fields, then {@code tail}. */
  static Frame build(int kind, byte[] tail, byte[][] fields, byte... afterLengths) {
    int size = 1 + fields.length + afterLengths.length + tail.length;
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
    out.put(afterLengths);
    for (byte[] field : fields) {
      out.put(field);
    }
    out.put(tail);
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
    Fields fields;
    try {
      fields = Fields.read(bytes, 4, 5, "binary push");
    } catch (InvalidFrame e) {
      return Decoded.invalid(e.getMessage());
    }
    if (fields.get(2).isEmpty() || fields.get(3).isEmpty()) {
      return Decoded.invalid("binary push needs a topic and an event");
    }
    return new Decoded.Ok(new Message(
        emptyToNull(fields.get(0)), emptyToNull(fields.get(1)), fields.get(2), fields.get(3),
        Payload.binary(fields.rest())));
  }

  /** A frame's string fields, whose lengths follow the kind byte, and the bytes after them. */
  record Fields(String[] values, byte[] bytes, int end) {

    /** Reads {@code count} fields whose data starts at {@code offset}; {@code what} names the frame in errors. */
    static Fields read(byte[] bytes, int count, int offset, String what) throws InvalidFrame {
      if (bytes.length < offset) {
        throw new InvalidFrame(what + " header is truncated");
      }
      String[] values = new String[count];
      int at = offset;
      for (int i = 0; i < count; i++) {
        int length = bytes[1 + i] & 0xff;
        if (at + length > bytes.length) {
          throw new InvalidFrame(what + " field lengths exceed the frame");
        }
        try {
          values[i] = strictUtf8(bytes, at, length);
        } catch (CharacterCodingException e) {
          throw new InvalidFrame(what + " fields must be UTF-8");
        }
        at += length;
      }
      return new Fields(values, bytes, at);
    }

    String get(int index) {
      return values[index];
    }

    byte[] rest() {
      byte[] rest = new byte[bytes.length - end];
      System.arraycopy(bytes, end, rest, 0, rest.length);
      return rest;
    }
  }

  /** A binary frame that breaks its layout; the message is fit to show the client. */
  static final class InvalidFrame extends Exception {
    InvalidFrame(String message) {
      super(message, null, false, false);
    }
  }

  static String strictUtf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
    CharBuffer chars =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, offset, length));
    return chars.toString();
  }

  static String emptyToNull(String field) {
    return field.isEmpty() ? null : field;
  }
}
