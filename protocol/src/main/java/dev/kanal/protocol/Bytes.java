package dev.kanal.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * An immutable run of bytes, the content of a binary payload or frame. Arrays are copied in and
 * out, so a record holding one stays immutable and compares by content.
 */
public final class Bytes {
  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Bytes copyOf(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  @JsonValue
  public byte[] toArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** The array itself, for the serializers that only read it. */
  byte[] unsafeArray() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length + " bytes";
  }
}
