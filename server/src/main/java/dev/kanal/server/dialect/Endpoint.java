package dev.kanal.server.dialect;

import java.util.Optional;

/**
 * Where a dialect's sockets connect, and the parts of the upgrade that are the dialect's own: which
 * variant a {@code vsn} asks for, where the client puts its token, which subprotocols are echoed.
 * The transport does the rest (method, origin, verifying the token, the connection limit).
 */
public interface Endpoint {

  /** The request path, e.g. {@code /socket/websocket}. */
  String path();

  /** The variant for the client's {@code vsn} (absent: the dialect's default), or empty when unsupported. */
  Optional<Dialect> dialect(Optional<String> vsn);

  /** The token the client connects with, if it sent one. */
  Optional<String> token(Handshake handshake);

  /** The subprotocols the server may echo, comma separated, or null for none. */
  String subprotocols();
}
