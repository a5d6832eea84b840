package dev.kanal.server.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

  static OriginCheck check(String value) {
    return OriginCheck.from(ConfigFactory.parseString("check-origin = " + value));
  }

  static boolean allows(OriginCheck check, String origin) {
    return check.allows(Optional.of(origin));
  }

  @Test
  void offAllowsEveryOrigin() {
    assertTrue(allows(check("off"), "https://evil.example"));
  }

  @Test
  void aRequestWithoutAnOriginIsAllowed() {
    assertTrue(check("[\"https://app.example.com\"]").allows(Optional.empty()));
  }

  @Test
  void aFullOriginNeedsTheSameSchemeHostAndPort() {
    OriginCheck check = check("[\"http://localhost:5173\"]");
    assertTrue(allows(check, "http://localhost:5173"));
    assertTrue(allows(check, "http://LOCALHOST:5173"));
    assertFalse(allows(check, "https://localhost:5173"));
    assertFalse(allows(check, "http://localhost:5174"));
    assertFalse(allows(check, "http://127.0.0.1:5173"));
  }

  @Test
  void aSchemelessOriginAllowsAnySchemeAndPort() {
    OriginCheck check = check("[\"//app.example.com\"]");
    assertTrue(allows(check, "https://app.example.com"));
    assertTrue(allows(check, "http://app.example.com:8080"));
    assertFalse(allows(check, "https://evil-app.example.com"));
    assertFalse(allows(check, "https://app.example.com.evil.net"));
  }

  @Test
  void aWildcardAllowsSubdomainsOnly() {
    OriginCheck check = check("[\"//*.example.com\"]");
    assertTrue(allows(check, "https://kitchen.example.com"));
    assertTrue(allows(check, "https://a.b.example.com"));
    assertFalse(allows(check, "https://example.com"));
    assertFalse(allows(check, "https://badexample.com"));
  }

  @Test
  void garbageAndNullOriginsAreRefusedWhenChecking() {
    OriginCheck check = check("[\"//example.com\"]");
    assertFalse(allows(check, "null"));
    assertFalse(allows(check, "::not a uri"));
  }

  @Test
  void invalidSettingsFailTheStart() {
    assertThrows(ConfigException.BadValue.class, () -> check("on"));
    assertThrows(ConfigException.BadValue.class, () -> check("[\"https://\"]"));
  }
}
