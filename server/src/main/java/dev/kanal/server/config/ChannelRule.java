package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.kanal.server.auth.JoinRule;

/**
 * One entry of {@code kanal.channels}: which topics it covers, the channel kind that serves them,
 * who may join, and whether presence is on.
 *
 * <p>A pattern ending in {@code *} covers every topic with that prefix; any other pattern covers
 * exactly one topic.
 */
public record ChannelRule(String pattern, String kind, JoinRule join, boolean presence) {

  public boolean matches(String topic) {
    return pattern.endsWith("*")
        ? topic.startsWith(pattern.substring(0, pattern.length() - 1))
        : topic.equals(pattern);
  }

  static ChannelRule from(Config config) {
    String pattern = config.getString("pattern");
    JoinRule join;
    try {
      join = JoinRule.parse(config.hasPath("join") ? config.getString("join") : "public");
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(
          config.origin(), "join", "kanal.channels rule \"" + pattern + "\": " + e.getMessage());
    }
    return new ChannelRule(
        pattern, config.getString("kind"), join, config.hasPath("presence") && config.getBoolean("presence"));
  }
}
