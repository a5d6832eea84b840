package dev.kanal.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/** Chooses the serializer for a client's {@code vsn} parameter, as Phoenix negotiates it. */
public final class Serializers {
  public static final Serializer V1 = new V1JsonSerializer();
  public static final Serializer V2 = new V2JsonSerializer();

  private static final Pattern V1_VSN = Pattern.compile("1\\.0\\.\\d+");
  private static final Pattern V2_VSN = Pattern.compile("2\\.0\\.\\d+");

  private Serializers() {}

  /**
   * The serializer for {@code vsn}; a missing vsn means {@code 1.0.0}, as in Phoenix. Phoenix
   * matches {@code ~> 1.0.0} and {@code ~> 2.0.0}, so only patch versions may differ.
   */
  public static Optional<Serializer> forVsn(String vsn) {
    if (vsn == null || V1_VSN.matcher(vsn).matches()) {
      return Optional.of(V1);
    }
    if (V2_VSN.matcher(vsn).matches()) {
      return Optional.of(V2);
    }
    return Optional.empty();
  }
}
