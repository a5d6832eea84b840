package dev.kanal.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.kanal.server.config.AuthSettings;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256 and ES256 tokens checked against a JWKS file whose keys rotate. */
class TokenVerifierJwksTest {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Path jwks;
  private TokenVerifier verifier;
  private final KeyPair rsa = generate("RSA", null);
  private final KeyPair ec = generate("EC", "secp256r1");

  @BeforeEach
  void start() throws Exception {
    jwks = Files.createTempDirectory("kanal-jwks").resolve("jwks.json");
    write(rsaKey("r1", rsa), ecKey("e1", ec));
    verifier = new TokenVerifier(
        new AuthSettings(Optional.of("hs-secret"), Optional.of(jwks.toString()), true, List.of(), false, List.of()));
  }

  private static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve == null) {
        generator.initialize(2048);
      } else {
        generator.initialize(new ECGenParameterSpec(curve));
      }
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String... keys) throws Exception {
    Files.writeString(jwks, "{\"keys\":[" + String.join(",", keys) + "]}");
  }

  private static String unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return B64.encodeToString(bytes);
  }

  private static String rsaKey(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
        + unsigned(key.getModulus(), 0) + "\",\"e\":\"" + unsigned(key.getPublicExponent(), 0) + "\"}";
  }

  private static String ecKey(String kid, KeyPair pair) {
    ECPublicKey key = (ECPublicKey) pair.getPublic();
    return "{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\""
        + unsigned(key.getW().getAffineX(), 32) + "\",\"y\":\"" + unsigned(key.getW().getAffineY(), 32) + "\"}";
  }

  private static String rs256(String kid, KeyPair pair, Instant expires) {
    return JWT.create().withKeyId(kid).withSubject("u1").withClaim("role", "staff").withExpiresAt(expires)
        .sign(Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate()));
  }

  private static Instant inAnHour() {
    return Instant.now().plusSeconds(3600);
  }

  private Principal verified(String token) {
    TokenVerifier.Verification verification = verifier.verify(token);
    return assertInstanceOf(TokenVerifier.Verification.Verified.class, verification, verification.toString()).principal();
  }

  private String refused(String token) {
    return assertInstanceOf(TokenVerifier.Verification.Refused.class, verifier.verify(token)).reason();
  }

  @Test
  void rs256AndEs256TokensAreVerifiedWithTheKeyTheirKidNames() {
    assertEquals(Optional.of("staff"), verified(rs256("r1", rsa, inAnHour())).role());
    String es256 = JWT.create().withKeyId("e1").withSubject("u2").withExpiresAt(inAnHour())
        .sign(Algorithm.ECDSA256((ECPublicKey) ec.getPublic(), (ECPrivateKey) ec.getPrivate()));
    assertEquals(Optional.of("u2"), verified(es256).subject());
    String hs256 = JWT.create().withSubject("u3").withExpiresAt(inAnHour()).sign(Algorithm.HMAC256("hs-secret"));
    assertEquals(Optional.of("u3"), verified(hs256).subject(), "HS256 still works beside the JWKS");
  }

  @Test
  void aForgedSignatureAnUnknownKidAMissingKidAndAnExpiredTokenAreRefused() {
    String forged = refused(rs256("r1", generate("RSA", null), inAnHour()));
    assertTrue(forged.contains("Signature"), forged);
    String unknown = refused(rs256("nobody", rsa, inAnHour()));
    assertTrue(unknown.contains("no key for kid nobody"), unknown);
    String noKid = JWT.create().withSubject("u1")
        .sign(Algorithm.RSA256((RSAPublicKey) rsa.getPublic(), (RSAPrivateKey) rsa.getPrivate()));
    assertTrue(refused(noKid).contains("need a kid"));
    assertTrue(refused(rs256("r1", rsa, Instant.now().minusSeconds(60))).contains("expired"));
  }

  @Test
  void aRotatedKeyIsPickedUpWithoutARestart() throws Exception {
    KeyPair next = generate("RSA", null);
    verified(rs256("r1", rsa, inAnHour()));
    write(rsaKey("r2", next));
    assertEquals(Optional.of("u1"), verified(rs256("r2", next, inAnHour())).subject());
  }
}
