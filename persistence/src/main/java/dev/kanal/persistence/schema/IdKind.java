package dev.kanal.persistence.schema;

import java.util.Locale;

/** How a collection names new records. */
public enum IdKind {
  /** A time-ordered UUID (version 7) string. */
  UUID,
  /** 1, 2, 3… in creation order; a number is never handed out twice, also across restarts. */
  SERIAL;

  public static IdKind named(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown id kind \"" + name + "\": use uuid or serial", e);
    }
  }

  /** The type of this kind's ids, for filters on {@code id}. */
  public FieldType type() {
    return this == SERIAL ? FieldType.INTEGER : FieldType.STRING;
  }
}
