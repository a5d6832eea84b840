package dev.kanal.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.server.config.AuthSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.Optional;

/** Checks JWTs (HS256 with {@code kanal.auth.jwt-secret}) and turns valid ones into principals. */
public final class TokenVerifier {
  /** Clock difference tolerated on {@code exp} and {@code nbf}. */
  public static final Duration LEEWAY = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<JWTVerifier> verifier;

  public TokenVerifier(AuthSettings settings) {
    this.verifier =
        settings.jwtSecret().map(secret -> JWT.require(Algorithm.HMAC256(secret)).acceptLeeway(LEEWAY.toSeconds()).build());
  }

  /** The token's principal, or why it is refused; with no secret configured every token is refused. */
  public Verification verify(String token) {
    if (verifier.isEmpty()) {
      return new Verification.Refused("no token verification is configured (kanal.auth.jwt-secret)");
    }
    try {
      DecodedJWT jwt = verifier.get().verify(token);
      JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.getPayload()), StandardCharsets.UTF_8));
      if (!(claims instanceof ObjectNode object)) {
        return new Verification.Refused("token claims are not a JSON object");
      }
      return new Verification.Verified(Principal.of(object));
    } catch (JWTVerificationException | IOException | IllegalArgumentException e) {
      return new Verification.Refused(e.getMessage());
    }
  }

  /** The outcome of checking one token. */
  public sealed interface Verification {
    record Verified(Principal principal) implements Verification {}

    record Refused(String reason) implements Verification {}
  }
}
