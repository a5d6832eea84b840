package dev.kanal.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinRuleTest {
  static ObjectNode claims() {
    return JsonNodeFactory.instance.objectNode();
  }

  static Principal user(ObjectNode claims) {
    return Principal.of(claims);
  }

  @Test
  void parsesEveryForm() {
    assertEquals(new JoinRule.Public(), JoinRule.parse("public"));
    assertEquals(new JoinRule.Authenticated(), JoinRule.parse("authenticated"));
    assertEquals(new JoinRule.Role("admin"), JoinRule.parse("role:admin"));
    assertEquals(new JoinRule.Claim("site"), JoinRule.parse("claim:site"));
  }

  @Test
  void keepsEverythingAfterTheFirstColonAsTheName() {
    assertEquals(new JoinRule.Role("a:b"), JoinRule.parse("role:a:b"));
    assertEquals(new JoinRule.Claim("org:id"), JoinRule.parse("claim:org:id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "private", "Public", "PUBLIC", " public", "public ", "role", "role:", "claim", "claim:",
      "roles:admin", "auth"})
  void refusesAnythingElseNamingIt(String spec) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JoinRule.parse(spec));

    assertEquals("join must be public, authenticated, role:NAME or claim:NAME, not \"" + spec + "\"", e.getMessage());
  }

  @Test
  void publicLetsAnyoneIn() {
    JoinRule rule = JoinRule.parse("public");

    assertTrue(rule.allows(Principal.anonymous(), "room:a"));
    assertTrue(rule.allows(user(claims().put("sub", "u1")), "room:a"));
  }

  @Test
  void authenticatedNeedsAVerifiedToken() {
    JoinRule rule = JoinRule.parse("authenticated");

    assertFalse(rule.allows(Principal.anonymous(), "staff:1"));
    assertTrue(rule.allows(user(claims()), "staff:1"));
    assertTrue(rule.allows(user(claims().put("sub", "u1")), "staff:1"));
  }

  @Test
  void roleNeedsThatExactRole() {
    JoinRule rule = JoinRule.parse("role:admin");

    assertTrue(rule.allows(user(claims().put("role", "admin")), "notifications:1"));
    assertFalse(rule.allows(user(claims().put("role", "staff")), "notifications:1"));
    assertFalse(rule.allows(user(claims().put("role", "Admin")), "notifications:1"));
    assertFalse(rule.allows(user(claims().put("role", "admins")), "notifications:1"));
    assertFalse(rule.allows(user(claims()), "notifications:1"));
    assertFalse(rule.allows(user(claims().putNull("role")), "notifications:1"));
    ObjectNode roleList = claims();
    roleList.putArray("role").add("admin");
    assertFalse(rule.allows(user(roleList), "notifications:1"));
  }

  @Test
  void roleRefusesAnonymousPrincipalsWhateverTheirClaims() {
    JoinRule rule = JoinRule.parse("role:admin");

    assertFalse(rule.allows(Principal.anonymous(), "notifications:1"));
    assertFalse(rule.allows(new Principal(false, claims().put("role", "admin")), "notifications:1"));
  }

  @Test
  void claimMustEqualTheTopicAfterItsFirstColon() {
    JoinRule rule = JoinRule.parse("claim:site");

    assertTrue(rule.allows(user(claims().put("site", "berlin")), "staff:berlin"));
    assertFalse(rule.allows(user(claims().put("site", "paris")), "staff:berlin"));
    assertFalse(rule.allows(user(claims().put("site", "berlin")), "staff:berlin2"));
    assertFalse(rule.allows(user(claims().put("site", "berlin")), "staff:berlin:x"));
    assertTrue(rule.allows(user(claims().put("site", "berlin:x")), "staff:berlin:x"));
    assertFalse(rule.allows(user(claims()), "staff:berlin"));
  }

  @Test
  void claimNeverMatchesATopicWithoutASuffix() {
    JoinRule rule = JoinRule.parse("claim:site");

    assertFalse(rule.allows(user(claims().put("site", "")), "lobby"));
    assertFalse(rule.allows(user(claims().put("site", "lobby")), "lobby"));
  }

  @Test
  void aNumericClaimMatchesTheSameDigitsInTheTopic() {
    JoinRule rule = JoinRule.parse("claim:site");

    assertTrue(rule.allows(user(claims().put("site", 42)), "staff:42"));
    assertTrue(rule.allows(user(claims().put("site", 42L)), "staff:42"));
    assertTrue(rule.allows(user(claims().put("site", "42")), "staff:42"));
    assertFalse(rule.allows(user(claims().put("site", 43)), "staff:42"));
    assertFalse(rule.allows(user(claims().put("site", 4)), "staff:42"));
  }

  @Test
  void claimIgnoresObjectsArraysAndNulls() {
    JoinRule rule = JoinRule.parse("claim:site");
    ObjectNode object = claims();
    object.putObject("site").put("id", "42");
    ObjectNode array = claims();
    array.putArray("site").add("42");

    assertFalse(rule.allows(user(object), "staff:42"));
    assertFalse(rule.allows(user(array), "staff:42"));
    assertFalse(rule.allows(user(claims().putNull("site")), "staff:null"));
  }

  @Test
  void claimRefusesAnonymousPrincipalsWhateverTheirClaims() {
    JoinRule rule = JoinRule.parse("claim:site");

    assertFalse(rule.allows(Principal.anonymous(), "staff:42"));
    assertFalse(rule.allows(new Principal(false, claims().put("site", "42")), "staff:42"));
  }
}
