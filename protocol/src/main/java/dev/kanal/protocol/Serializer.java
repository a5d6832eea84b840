package dev.kanal.protocol;

/**
 * Turns wire types into frames and frames into messages, for one protocol version.
 *
 * <p>Implementations are stateless and thread-safe. {@link #decode(Frame)} never throws: every
 * malformed input becomes {@link Decoded.Invalid}.
 */
public interface Serializer {

  /** The version family this serializer speaks, e.g. {@code "2.0.0"}. */
  String vsn();

  Frame encode(Message message);

  Frame encode(Reply reply);

  /** Encodes a broadcast once; the frame is valid for every socket using this serializer. */
  Frame fastlane(Broadcast broadcast);

  Decoded decode(Frame frame);
}
