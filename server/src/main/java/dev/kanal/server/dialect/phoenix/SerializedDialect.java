package dev.kanal.server.dialect.phoenix;

import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.Fastlane;
import java.util.Optional;

/**
 * A dialect built on Phoenix Channels over one of Phoenix's serializers: it is its own fastlane,
 * and its variants are the serializer's versions.
 */
public abstract class SerializedDialect implements Dialect, Fastlane {
  protected final Serializer serializer;

  protected SerializedDialect(Serializer serializer) {
    this.serializer = serializer;
  }

  /** The variant of {@code v1} and {@code v2} a client's {@code vsn} asks for; a missing vsn means 1.0.0, as in Phoenix. */
  protected static <D extends SerializedDialect> Optional<D> forVsn(String vsn, D v1, D v2) {
    return Serializers.forVsn(vsn).map(serializer -> serializer == Serializers.V2 ? v2 : v1);
  }

  @Override
  public final String dialect() {
    return name();
  }

  @Override
  public final String vsn() {
    return serializer.vsn();
  }

  @Override
  public final Fastlane fastlane() {
    return this;
  }
}
