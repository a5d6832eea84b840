package dev.kanal.protocol;

/** The outcome of decoding one incoming frame: a message, or the reason it is not one. */
public sealed interface Decoded permits Decoded.Ok, Decoded.Invalid {

  record Ok(Message message) implements Decoded {}

  /** A frame that is not a valid message; {@code reason} is fit to show the client. */
  record Invalid(String reason) implements Decoded {}

  static Decoded invalid(String reason) {
    return new Invalid(reason);
  }
}
