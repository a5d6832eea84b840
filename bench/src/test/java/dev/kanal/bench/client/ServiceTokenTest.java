package dev.kanal.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ServiceTokenTest {

  @Test
  void aTokenCarriesTheRoleAndAnHs256SignatureOverHeaderAndClaims() {
    String token = ServiceToken.mint("secret", "service", Instant.ofEpochSecond(1_000), Duration.ofSeconds(60));
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    Base64.Decoder decoder = Base64.getUrlDecoder();
    assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", new String(decoder.decode(parts[0]), StandardCharsets.UTF_8));
    assertEquals("{\"sub\":\"kanal-bench\",\"role\":\"service\",\"iat\":1000,\"exp\":1060}",
        new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(
        ServiceToken.hmacSha256("secret", parts[0] + "." + parts[1])), parts[2]);
  }

  @Test
  void hmacSha256MatchesRfc4231TestCase2() {
    byte[] mac = ServiceToken.hmacSha256("Jefe", "what do ya want for nothing?");
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", hex(mac));
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }
}
