package dev.kanal.persistence.spi;

import dev.kanal.persistence.schema.FieldErrors;

/** Thrown (or failed with) by a hook that refuses a write; the writer gets a 422 with these errors. */
public final class HookRejection extends RuntimeException {
  private final FieldErrors errors;

  public HookRejection(FieldErrors errors) {
    super("write refused: " + errors.byField());
    this.errors = errors;
  }

  public FieldErrors errors() {
    return errors;
  }
}
