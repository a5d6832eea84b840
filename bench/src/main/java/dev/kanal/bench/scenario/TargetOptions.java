package dev.kanal.bench.scenario;

import dev.kanal.bench.client.ServiceToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Option;

/** What every scenario needs: which server, where, how to find its processes, and for how long. */
final class TargetOptions {
  @Option(names = "--target", defaultValue = "kanal", description = "kanal or reference (default: ${DEFAULT-VALUE})")
  TargetServer target;

  @Option(names = {"--url", "--urls"}, split = ",", defaultValue = "http://127.0.0.1:4000",
      description = "HTTP base of each server node, comma-separated (default: ${DEFAULT-VALUE})")
  List<URI> urls;

  @Option(names = "--server-pid", split = ",",
      description = "PIDs of the server processes, for memory and CPU figures (comma-separated)")
  List<Long> serverPids = List.of();

  @Option(names = "--jwt-secret", defaultValue = "${env:KANAL_JWT_SECRET}",
      description = "Kanal's HS256 secret; a role=service token is minted from it (default: $KANAL_JWT_SECRET)")
  String jwtSecret;

  @Option(names = "--token", description = "a bearer token to publish and write with, instead of --jwt-secret")
  String token;

  @Option(names = "--max-seconds", defaultValue = "120", description = "the run ends by then, whatever it reached (default: ${DEFAULT-VALUE})")
  int maxSeconds;

  @Option(names = "--threads", defaultValue = "2", description = "event loop threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--out", description = "write the result as JSON to this file")
  Path out;

  /** The token to publish and write with, or null if none was given. */
  String bearerToken() {
    if (token != null) {
      return token;
    }
    return jwtSecret == null || jwtSecret.isEmpty()
        ? null
        : ServiceToken.mint(jwtSecret, "service", Instant.now(), Duration.ofDays(1));
  }

  Duration maxDuration() {
    return Duration.ofSeconds(maxSeconds);
  }
}
