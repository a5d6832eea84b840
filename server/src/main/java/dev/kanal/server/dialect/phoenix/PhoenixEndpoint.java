package dev.kanal.server.dialect.phoenix;

import dev.kanal.server.auth.BearerToken;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.Endpoint;
import dev.kanal.server.dialect.Handshake;
import java.util.Optional;

/**
 * {@code GET /socket/websocket}: the token in the {@code token} parameter or, as phoenix.js's
 * {@code authToken} sends it, in a subprotocol beside {@code phoenix}, which is echoed.
 */
public final class PhoenixEndpoint implements Endpoint {
  public static final String PATH = "/socket/websocket";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public Optional<Dialect> dialect(Optional<String> vsn) {
    return PhoenixDialect.forVsn(vsn.orElse(null)).map(Dialect.class::cast);
  }

  @Override
  public Optional<String> token(Handshake handshake) {
    return handshake.param("token").or(() -> BearerToken.fromSubprotocols(handshake.subprotocols()));
  }

  @Override
  public String subprotocols() {
    return BearerToken.PHOENIX_SUBPROTOCOL;
  }
}
