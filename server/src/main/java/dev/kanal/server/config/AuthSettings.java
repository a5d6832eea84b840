package dev.kanal.server.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/** {@code kanal.auth}: how tokens are checked and which roles may do what. */
public record AuthSettings(
    Optional<String> jwtSecret,
    boolean anonymous,
    List<String> writeRoles,
    boolean anonymousWrites,
    List<String> broadcastRoles) {

  static AuthSettings from(Config config) {
    Optional<String> secret =
        config.hasPath("jwt-secret") && !config.getString("jwt-secret").isBlank()
            ? Optional.of(config.getString("jwt-secret"))
            : Optional.empty();
    return new AuthSettings(
        secret,
        config.getBoolean("anonymous"),
        List.copyOf(config.getStringList("write-roles")),
        config.getBoolean("anonymous-writes"),
        List.copyOf(config.getStringList("broadcast-roles")));
  }
}
