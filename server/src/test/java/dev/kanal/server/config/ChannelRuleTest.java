package dev.kanal.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.kanal.server.auth.JoinRule;
import org.junit.jupiter.api.Test;

class ChannelRuleTest {
  static ChannelRule rule(String pattern) {
    return new ChannelRule(pattern, "broadcast", new JoinRule.Public(), false);
  }

  @Test
  void aPatternEndingInStarCoversEveryTopicWithThatPrefix() {
    ChannelRule rule = rule("room:*");

    assertTrue(rule.matches("room:lobby"));
    assertTrue(rule.matches("room:"));
    assertTrue(rule.matches("room:a:b"));
    assertFalse(rule.matches("room"));
    assertFalse(rule.matches("rooms:lobby"));
    assertFalse(rule.matches("Room:lobby"));
    assertFalse(rule.matches("xroom:lobby"));
    assertFalse(rule.matches(""));
  }

  @Test
  void anyOtherPatternCoversExactlyOneTopic() {
    ChannelRule rule = rule("lobby");

    assertTrue(rule.matches("lobby"));
    assertFalse(rule.matches("lobby:1"));
    assertFalse(rule.matches("lobb"));
    assertFalse(rule.matches("Lobby"));
    assertFalse(rule.matches(""));
  }

  @Test
  void aStarInTheMiddleIsLiteral() {
    ChannelRule rule = rule("room:*:x");

    assertTrue(rule.matches("room:*:x"));
    assertFalse(rule.matches("room:a:x"));
  }

  @Test
  void aStarAloneCoversEveryTopic() {
    ChannelRule rule = rule("*");

    assertTrue(rule.matches("room:lobby"));
    assertTrue(rule.matches("anything"));
    assertTrue(rule.matches(""));
  }

  @Test
  void readsEveryFieldFromConfig() {
    ChannelRule rule =
        ChannelRule.from(
            ConfigFactory.parseString("pattern = \"staff:*\", kind = broadcast, join = \"role:staff\", presence = true"));

    assertEquals(new ChannelRule("staff:*", "broadcast", new JoinRule.Role("staff"), true), rule);
  }

  @Test
  void joinDefaultsToPublicAndPresenceToOff() {
    ChannelRule rule = ChannelRule.from(ConfigFactory.parseString("pattern = \"room:*\", kind = broadcast"));

    assertEquals(new ChannelRule("room:*", "broadcast", new JoinRule.Public(), false), rule);
  }

  @Test
  void anInvalidJoinFailsNamingThePattern() {
    ConfigException.BadValue e =
        assertThrows(
            ConfigException.BadValue.class,
            () -> ChannelRule.from(ConfigFactory.parseString("pattern = \"room:*\", kind = broadcast, join = everyone")));

    assertTrue(e.getMessage().contains("rule \"room:*\""), e.getMessage());
  }
}
