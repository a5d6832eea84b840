package dev.kanal.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.server.config.AuthSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  static final String SECRET = "test-secret-that-is-long-enough-for-hs256";
  static final Algorithm HS256 = Algorithm.HMAC256(SECRET);
  static final ObjectMapper JSON = new ObjectMapper();

  final TokenVerifier verifier = new TokenVerifier(settings(Optional.of(SECRET)));

  static AuthSettings settings(Optional<String> secret) {
    return new AuthSettings(secret, Optional.empty(), true, List.of("service"), false, List.of("service"));
  }

  static Principal verified(TokenVerifier.Verification verification) {
    return assertInstanceOf(TokenVerifier.Verification.Verified.class, verification).principal();
  }

  static String refused(TokenVerifier.Verification verification) {
    return assertInstanceOf(TokenVerifier.Verification.Refused.class, verification).reason();
  }

  @Test
  void aValidTokenBecomesAnAuthenticatedPrincipalWithItsClaims() throws Exception {
    long exp = Instant.now().plusSeconds(60).getEpochSecond();
    String token =
        JWT.create()
            .withSubject("u1")
            .withClaim("role", "admin")
            .withClaim("name", "Ada")
            .withClaim("site", 42)
            .withExpiresAt(Instant.ofEpochSecond(exp))
            .sign(HS256);

    Principal principal = verified(verifier.verify(token));

    assertTrue(principal.authenticated());
    assertEquals(Optional.of("u1"), principal.subject());
    assertEquals(Optional.of("admin"), principal.role());
    assertEquals(Optional.of("Ada"), principal.claim("name"));
    assertEquals(Optional.of("42"), principal.claim("site"));
    JsonNode expected =
        JSON.readTree("{\"sub\":\"u1\",\"role\":\"admin\",\"name\":\"Ada\",\"site\":42,\"exp\":" + exp + "}");
    assertEquals(expected, principal.claims());
  }

  @Test
  void aTokenWithoutExpiryIsAccepted() {
    String token = JWT.create().withSubject("u1").sign(HS256);

    assertEquals(Optional.of("u1"), verified(verifier.verify(token)).subject());
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    String token = JWT.create().withSubject("u1").sign(Algorithm.HMAC256("another-secret-also-long-enough-here"));

    refused(verifier.verify(token));
  }

  @Test
  void aTokenSignedWithAnotherAlgorithmIsRefused() {
    String token = JWT.create().withSubject("u1").sign(Algorithm.HMAC512(SECRET));

    refused(verifier.verify(token));
  }

  @Test
  void anUnsignedTokenIsRefused() {
    String token = JWT.create().withSubject("u1").sign(Algorithm.none());

    refused(verifier.verify(token));
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String token = JWT.create().withSubject("u1").withClaim("role", "user").sign(HS256);
    String[] parts = token.split("\\.");
    String admin =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"sub\":\"u1\",\"role\":\"admin\"}".getBytes(StandardCharsets.UTF_8));

    refused(verifier.verify(parts[0] + "." + admin + "." + parts[2]));
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = JWT.create().withSubject("u1").withExpiresAt(Instant.now().minusSeconds(60)).sign(HS256);

    refused(verifier.verify(token));
  }

  @Test
  void aTokenExpiredWithinTheLeewayIsAccepted() {
    String token = JWT.create().withSubject("u1").withExpiresAt(Instant.now().minusSeconds(2)).sign(HS256);

    assertEquals(Optional.of("u1"), verified(verifier.verify(token)).subject());
  }

  @Test
  void aTokenNotYetValidBeyondTheLeewayIsRefused() {
    String token = JWT.create().withSubject("u1").withNotBefore(Instant.now().plusSeconds(60)).sign(HS256);

    refused(verifier.verify(token));
  }

  @Test
  void aTokenNotYetValidWithinTheLeewayIsAccepted() {
    String token = JWT.create().withSubject("u1").withNotBefore(Instant.now().plusSeconds(2)).sign(HS256);

    assertEquals(Optional.of("u1"), verified(verifier.verify(token)).subject());
  }

  @Test
  void garbageIsRefused() {
    refused(verifier.verify("not-a-jwt"));
    refused(verifier.verify("a.b.c"));
    refused(verifier.verify(""));
    refused(verifier.verify("eyJhbGciOiJIUzI1NiJ9.%%%.sig"));
  }

  @Test
  void withoutASecretEveryTokenIsRefused() {
    TokenVerifier unconfigured = new TokenVerifier(settings(Optional.empty()));
    String token = JWT.create().withSubject("u1").sign(HS256);

    assertEquals(
        "no token verification is configured for HS256 (kanal.auth.jwt-secret)", refused(unconfigured.verify(token)));
  }
}
