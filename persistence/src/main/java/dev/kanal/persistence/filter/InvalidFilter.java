package dev.kanal.persistence.filter;

import dev.kanal.persistence.schema.FieldErrors;
import java.util.Map;

/**
 * A filter, sort or limit that cannot be used. {@link #malformed()}: its shape is wrong (not JSON,
 * an unknown operator, a limit that is not a positive integer), a 400 with the message. Otherwise it
 * names unknown fields or values that are not of their field's type, a 422 with {@link #errors()}.
 * Either way the message is a sentence fit to be a join's error reason.
 */
public final class InvalidFilter extends RuntimeException {
  private final FieldErrors errors;
  private final boolean malformed;

  private InvalidFilter(String message, FieldErrors errors, boolean malformed) {
    super(message);
    this.errors = errors;
    this.malformed = malformed;
  }

  static InvalidFilter malformed(String message) {
    return new InvalidFilter(message, new FieldErrors(Map.of()), true);
  }

  static InvalidFilter invalid(String message, FieldErrors errors) {
    return new InvalidFilter(message, errors, false);
  }

  /** What is wrong per field; empty when {@link #malformed()}. */
  public FieldErrors errors() {
    return errors;
  }

  /** Whether the shape is wrong rather than a field or a value. */
  public boolean malformed() {
    return malformed;
  }
}
