package dev.kanal.server.auth;

import com.auth0.jwk.JwkException;
import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.JwkProviderBuilder;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.server.config.AuthSettings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Checks JWTs and turns valid ones into principals: HS256 with {@code kanal.auth.jwt-secret}, and
 * RS256/ES256 with the key its {@code kid} names in the JWKS at {@code kanal.auth.jwks-url} (a URL
 * or a file). Keys are cached; a {@code kid} not yet seen fetches the set again, so a rotated key
 * is picked up without a restart.
 */
public final class TokenVerifier {
  /** Clock difference tolerated on {@code exp} and {@code nbf}. */
  public static final Duration LEEWAY = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<Algorithm> hmac;
  private final Optional<JwkProvider> jwks;

  public TokenVerifier(AuthSettings settings) {
    this.hmac = settings.jwtSecret().map(Algorithm::HMAC256);
    this.jwks = settings.jwksUrl().map(TokenVerifier::provider);
  }

  private static JwkProvider provider(String location) {
    URL url;
    try {
      url = location.contains("://") ? URI.create(location).toURL() : Path.of(location).toUri().toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("kanal.auth.jwks-url is not a URL or a file: " + location, e);
    }
    return new JwkProviderBuilder(url).cached(16, 24, TimeUnit.HOURS).rateLimited(10, 1, TimeUnit.MINUTES).build();
  }

  /** The token's principal, or why it is refused. */
  public Verification verify(String token) {
    DecodedJWT decoded;
    try {
      decoded = JWT.decode(token);
    } catch (JWTVerificationException e) {
      return new Verification.Refused(e.getMessage());
    }
    try {
      Optional<Algorithm> algorithm = algorithmFor(decoded);
      if (algorithm.isEmpty()) {
        return new Verification.Refused(unverifiable(decoded.getAlgorithm()));
      }
      DecodedJWT jwt = JWT.require(algorithm.get()).acceptLeeway(LEEWAY.toSeconds()).build().verify(decoded);
      JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.getPayload()), StandardCharsets.UTF_8));
      if (!(claims instanceof ObjectNode object)) {
        return new Verification.Refused("token claims are not a JSON object");
      }
      return new Verification.Verified(Principal.of(object));
    } catch (JWTVerificationException | IOException | IllegalArgumentException e) {
      return new Verification.Refused(e.getMessage());
    } catch (JwkException e) {
      return new Verification.Refused("no key for kid " + decoded.getKeyId() + ": " + e.getMessage());
    }
  }

  private Optional<Algorithm> algorithmFor(DecodedJWT token) throws JwkException {
    String alg = token.getAlgorithm();
    if ("HS256".equals(alg)) {
      return hmac;
    }
    if (!("RS256".equals(alg) || "ES256".equals(alg)) || jwks.isEmpty() || token.getKeyId() == null) {
      return Optional.empty();
    }
    PublicKey key = jwks.get().get(token.getKeyId()).getPublicKey();
    if ("RS256".equals(alg) && key instanceof RSAPublicKey rsa) {
      return Optional.of(Algorithm.RSA256(rsa, null));
    }
    if ("ES256".equals(alg) && key instanceof ECPublicKey ec) {
      return Optional.of(Algorithm.ECDSA256(ec, null));
    }
    return Optional.empty();
  }

  private String unverifiable(String alg) {
    if ("HS256".equals(alg)) {
      return "no token verification is configured for HS256 (kanal.auth.jwt-secret)";
    }
    if ("RS256".equals(alg) || "ES256".equals(alg)) {
      return jwks.isEmpty()
          ? "no token verification is configured for " + alg + " (kanal.auth.jwks-url)"
          : alg + " tokens need a kid naming a key of that type in the JWKS";
    }
    return "unsupported algorithm " + alg + ": use HS256, RS256 or ES256";
  }

  /** The outcome of checking one token. */
  public sealed interface Verification {
    record Verified(Principal principal) implements Verification {}

    record Refused(String reason) implements Verification {}
  }
}
