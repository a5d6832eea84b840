package dev.kanal.server.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/** {@code kanal.auth}: how tokens are checked and which roles may do what. */
public record AuthSettings(
    Optional<String> jwtSecret,
    Optional<String> jwksUrl,
    boolean anonymous,
    List<String> writeRoles,
    boolean anonymousWrites,
    List<String> broadcastRoles) {

  static AuthSettings from(Config config) {
    Optional<String> secret =
        config.hasPath("jwt-secret") && !config.getString("jwt-secret").isBlank()
            ? Optional.of(config.getString("jwt-secret"))
            : Optional.empty();
    Optional<String> jwks =
        config.hasPath("jwks-url") && !config.getString("jwks-url").isBlank()
            ? Optional.of(config.getString("jwks-url"))
            : Optional.empty();
    return new AuthSettings(
        secret,
        jwks,
        config.getBoolean("anonymous"),
        List.copyOf(config.getStringList("write-roles")),
        config.getBoolean("anonymous-writes"),
        List.copyOf(config.getStringList("broadcast-roles")));
  }
}
