package dev.kanal.server.transport;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractWebSocketUpgrade;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import dev.kanal.server.auth.BearerToken;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.config.AuthSettings;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /socket/websocket}: the HTTP side of a Phoenix socket. It only negotiates: the
 * serializer from {@code vsn}, the principal from the token, the {@code phoenix} subprotocol; then it
 * hands the upgraded connection to a socket actor. A bad token or an origin that
 * {@code kanal.http.check-origin} does not allow refuses the upgrade with 403.
 */
public final class PhoenixSocketRoute {
  private final AuthSettings auth;
  private final TokenVerifier verifier;
  private final SocketConnector connector;
  private final OriginCheck originCheck;

  public PhoenixSocketRoute(
      AuthSettings auth, TokenVerifier verifier, SocketConnector connector, OriginCheck originCheck) {
    this.auth = auth;
    this.verifier = verifier;
    this.connector = connector;
    this.originCheck = originCheck;
  }

  public Route route() {
    return path(
        segment("socket").slash("websocket"),
        () ->
            get(
                () ->
                    extractWebSocketUpgrade(
                        upgrade ->
                            optionalHeaderValueByName(
                                "Origin",
                                origin ->
                                    originCheck.allows(origin)
                                        ? parameterOptional(
                                            "vsn",
                                            vsn -> parameterOptional("token", token -> upgrade(upgrade, vsn, token)))
                                        : complete(StatusCodes.FORBIDDEN, "origin not allowed")))));
  }

  private Route upgrade(WebSocketUpgrade upgrade, Optional<String> vsn, Optional<String> tokenParam) {
    Optional<Serializer> serializer = Serializers.forVsn(vsn.orElse(null));
    if (serializer.isEmpty()) {
      return complete(StatusCodes.FORBIDDEN, "unsupported protocol version \"" + vsn.orElse("") + "\"");
    }
    Iterable<String> protocols = upgrade.getRequestedProtocols();
    Optional<String> token = tokenParam.or(() -> BearerToken.fromSubprotocols(protocols));
    Principal principal;
    if (token.isPresent()) {
      TokenVerifier.Verification verification = verifier.verify(token.get());
      if (verification instanceof TokenVerifier.Verification.Refused refused) {
        return complete(StatusCodes.FORBIDDEN, "invalid token: " + refused.reason());
      }
      principal = ((TokenVerifier.Verification.Verified) verification).principal();
    } else if (auth.anonymous()) {
      principal = Principal.anonymous();
    } else {
      return complete(StatusCodes.FORBIDDEN, "a token is required");
    }
    var connection = connector.tryConnect(serializer.get(), principal);
    if (connection.isEmpty()) {
      return complete(StatusCodes.SERVICE_UNAVAILABLE, "this node takes no more connections (at its maximum, not yet a cluster member, or shutting down)");
    }
    var flow = connection.get();
    boolean phoenixRequested =
        StreamSupport.stream(protocols.spliterator(), false).anyMatch(BearerToken.PHOENIX_SUBPROTOCOL::equals);
    return complete(
        phoenixRequested
            ? upgrade.handleMessagesWith(flow, BearerToken.PHOENIX_SUBPROTOCOL)
            : upgrade.handleMessagesWith(flow));
  }
}
