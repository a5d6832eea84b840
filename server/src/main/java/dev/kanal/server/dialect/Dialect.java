package dev.kanal.server.dialect;

import dev.kanal.protocol.Frame;
import java.util.List;

/**
 * One wire a client may speak, in one variant (e.g. Phoenix V2): it turns frames into
 * {@link ClientCommand}s and {@link ServerEvent}s into frames, and knows nothing of subscriptions.
 * Implementations are stateless and thread-safe; one instance serves every socket of its variant.
 */
public interface Dialect {

  /** The dialect's name in metrics and logs: {@code phoenix}, {@code supabase}. */
  String name();

  /** Never throws: a frame that is no command decodes to {@link ClientCommand.Invalid}. */
  ClientCommand decode(Frame frame);

  /** The frames that tell the client {@code event}, in order. */
  List<Frame> encode(ServerEvent event);

  /** How this variant encodes broadcasts and changes once for all its sockets. */
  Fastlane fastlane();
}
