package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.kanal.server.auth.JoinRule;
import java.util.List;

/**
 * One entry of {@code kanal.channels}: which topics it covers, the channel kind that serves them,
 * who may join, whether presence is on, and which token claims every presence meta carries.
 *
 * <p>A pattern ending in {@code *} covers every topic with that prefix; any other pattern covers
 * exactly one topic.
 */
public record ChannelRule(
    String pattern, String kind, JoinRule join, boolean presence, List<String> presenceMetaClaims) {
  /** Claims copied into presence metas unless a rule names others. */
  public static final List<String> DEFAULT_META_CLAIMS = List.of("name", "role");

  public ChannelRule {
    presenceMetaClaims = List.copyOf(presenceMetaClaims);
  }

  public ChannelRule(String pattern, String kind, JoinRule join, boolean presence) {
    this(pattern, kind, join, presence, DEFAULT_META_CLAIMS);
  }

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
        pattern,
        config.getString("kind"),
        join,
        config.hasPath("presence") && config.getBoolean("presence"),
        config.hasPath("presence-meta-claims") ? config.getStringList("presence-meta-claims") : DEFAULT_META_CLAIMS);
  }
}
