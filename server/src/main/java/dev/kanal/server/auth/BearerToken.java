package dev.kanal.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Where a client may put its token besides the {@code token} query parameter. */
public final class BearerToken {
  /** phoenix.js's {@code authToken} rides in {@code Sec-WebSocket-Protocol} next to {@code phoenix}. */
  public static final String SUBPROTOCOL_PREFIX = "base64url.bearer.phx.";

  public static final String PHOENIX_SUBPROTOCOL = "phoenix";

  private BearerToken() {}

  /** The token in a requested subprotocol; phoenix.js encodes it with base64 and drops the padding. */
  public static Optional<String> fromSubprotocols(Iterable<String> protocols) {
    for (String protocol : protocols) {
      if (protocol.startsWith(SUBPROTOCOL_PREFIX)) {
        String encoded = protocol.substring(SUBPROTOCOL_PREFIX.length()).replace('-', '+').replace('_', '/');
        try {
          return Optional.of(new String(Base64.getDecoder().decode(pad(encoded)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          return Optional.of("");
        }
      }
    }
    return Optional.empty();
  }

  /** The token of an {@code Authorization: Bearer …} header. */
  public static Optional<String> fromAuthorization(String header) {
    String prefix = "bearer ";
    return header.regionMatches(true, 0, prefix, 0, prefix.length())
        ? Optional.of(header.substring(prefix.length()).trim())
        : Optional.empty();
  }

  private static String pad(String base64) {
    return base64 + "=".repeat((4 - base64.length() % 4) % 4);
  }
}
