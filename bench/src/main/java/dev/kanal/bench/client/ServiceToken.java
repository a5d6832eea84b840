package dev.kanal.bench.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints the HS256 JWT the load generator publishes and writes with, from the server's secret. */
public final class ServiceToken {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private ServiceToken() {}

  /** A token with {@code role} and subject {@code kanal-bench}, valid for {@code ttl} from {@code now}. */
  public static String mint(String secret, String role, Instant now, Duration ttl) {
    String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String claims = encode("{\"sub\":\"kanal-bench\",\"role\":\"" + role + "\",\"iat\":" + now.getEpochSecond()
        + ",\"exp\":" + now.plus(ttl).getEpochSecond() + "}");
    String signed = header + "." + claims;
    return signed + "." + BASE64URL.encodeToString(hmacSha256(secret, signed));
  }

  static byte[] hmacSha256(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String encode(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
