package dev.kanal.server.http;

import dev.kanal.server.auth.BearerToken;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Checks an API caller's {@code Authorization: Bearer} token against the roles an action allows:
 * 401 without a valid token, 403 with a role that is not allowed.
 */
final class ApiAuth {
  private final TokenVerifier verifier;

  ApiAuth(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The refusal to send when {@code rule} does not let the caller (anonymous without a token) join
   * {@code topic}, or empty; a read over REST follows the topic's join rule.
   */
  Optional<HttpResponse> refuseUnless(Optional<String> authorization, JoinRule rule, String topic) {
    Optional<String> token = authorization.flatMap(BearerToken::fromAuthorization);
    Principal principal = Principal.anonymous();
    if (token.isPresent()) {
      TokenVerifier.Verification verification = verifier.verify(token.get());
      if (verification instanceof TokenVerifier.Verification.Refused refused) {
        return Optional.of(JsonResponses.error(StatusCodes.UNAUTHORIZED, "invalid token: " + refused.reason()));
      }
      principal = ((TokenVerifier.Verification.Verified) verification).principal();
    }
    if (rule.allows(principal, topic)) {
      return Optional.empty();
    }
    return Optional.of(principal.authenticated()
        ? JsonResponses.error(StatusCodes.FORBIDDEN, "not allowed to read " + topic)
        : JsonResponses.error(StatusCodes.UNAUTHORIZED, "a bearer token is required"));
  }

  /** The refusal to send, or empty when the caller may go on. */
  Optional<HttpResponse> refuse(Optional<String> authorization, List<String> allowedRoles) {
    return refuseToken(authorization.flatMap(BearerToken::fromAuthorization), allowedRoles);
  }

  /** As {@link #refuse}, for a token found elsewhere than {@code Authorization} (e.g. Supabase's {@code apikey}). */
  Optional<HttpResponse> refuseToken(Optional<String> token, List<String> allowedRoles) {
    if (token.isEmpty()) {
      return Optional.of(JsonResponses.error(StatusCodes.UNAUTHORIZED, "a bearer token is required"));
    }
    TokenVerifier.Verification verification = verifier.verify(token.get());
    if (verification instanceof TokenVerifier.Verification.Refused refused) {
      return Optional.of(JsonResponses.error(StatusCodes.UNAUTHORIZED, "invalid token: " + refused.reason()));
    }
    Principal principal = ((TokenVerifier.Verification.Verified) verification).principal();
    if (principal.role().filter(allowedRoles::contains).isEmpty()) {
      return Optional.of(
          JsonResponses.error(StatusCodes.FORBIDDEN, "role " + principal.role().orElse("(none)") + " may not do this"));
    }
    return Optional.empty();
  }
}
