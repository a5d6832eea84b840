package dev.kanal.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {
  static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";

  /** What phoenix.js sends: {@code btoa(token).replace(/=/g, "")}. */
  static String phoenixJs(String token) {
    return BearerToken.SUBPROTOCOL_PREFIX
        + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.ISO_8859_1)).replace("=", "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "BeArEr "})
  void authorizationSchemeIsCaseInsensitive(String scheme) {
    assertEquals(Optional.of(JWT), BearerToken.fromAuthorization(scheme + JWT));
  }

  @Test
  void authorizationTokenIsTrimmed() {
    assertEquals(Optional.of(JWT), BearerToken.fromAuthorization("Bearer   " + JWT + "  "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearerabc", "Token abc", "", " Bearer abc"})
  void otherAuthorizationHeadersHoldNoBearerToken(String header) {
    assertEquals(Optional.empty(), BearerToken.fromAuthorization(header));
  }

  @Test
  void phoenixJsSubprotocolNextToPhoenixIsDecoded() {
    assertEquals(
        Optional.of(JWT),
        BearerToken.fromSubprotocols(List.of(BearerToken.PHOENIX_SUBPROTOCOL, phoenixJs(JWT))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "abcd", "abcde", "abcdef", "a"})
  void everyPaddingLengthIsRestored(String token) {
    assertEquals(Optional.of(token), BearerToken.fromSubprotocols(List.of("phoenix", phoenixJs(token))));
  }

  @Test
  void standardAndUrlSafeAlphabetsBothDecode() {
    String token = "??>???"; // base64 "Pz8+Pz8/"
    String standard = phoenixJs(token);
    assertEquals(BearerToken.SUBPROTOCOL_PREFIX + "Pz8+Pz8/", standard);
    String urlSafe = BearerToken.SUBPROTOCOL_PREFIX + "Pz8-Pz8_";

    assertEquals(Optional.of(token), BearerToken.fromSubprotocols(List.of(standard)));
    assertEquals(Optional.of(token), BearerToken.fromSubprotocols(List.of(urlSafe)));
  }

  @Test
  void noTokenSubprotocolMeansNoToken() {
    assertEquals(Optional.empty(), BearerToken.fromSubprotocols(List.of("phoenix")));
    assertEquals(Optional.empty(), BearerToken.fromSubprotocols(List.of()));
    assertEquals(Optional.empty(), BearerToken.fromSubprotocols(List.of("base64url.bearer.other.abc")));
  }

  @Test
  void anUndecodableTokenSubprotocolYieldsAnEmptyToken() {
    assertEquals(Optional.of(""), BearerToken.fromSubprotocols(List.of("phoenix", "base64url.bearer.phx.!!!")));
  }
}
