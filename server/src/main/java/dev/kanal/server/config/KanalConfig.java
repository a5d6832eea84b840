package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Loads a node's config in this order of precedence: system properties, the user's file
 * ({@code -Dconfig.file=…} or {@code application.conf}), Kanal's Pekko defaults
 * ({@code kanal-pekko.conf}), then every library's {@code reference.conf} (Kanal's own holds the
 * {@code kanal} defaults).
 *
 * <p>Kanal's Pekko defaults cannot live in {@code reference.conf}: in the single jar all
 * {@code reference.conf} files are concatenated, and Pekko's own, coming later, would win.
 */
public final class KanalConfig {
  static final String PEKKO_DEFAULTS = "kanal-pekko.conf";

  private KanalConfig() {}

  public static Config load() {
    return load(ConfigFactory.defaultApplication());
  }

  public static Config load(Config user) {
    return ConfigFactory.defaultOverrides()
        .withFallback(user)
        .withFallback(ConfigFactory.parseResources(PEKKO_DEFAULTS))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
