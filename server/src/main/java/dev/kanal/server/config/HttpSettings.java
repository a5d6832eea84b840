package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code kanal.http}: where the node listens and how its connections are served. {@code ioThreads}
 * of 0 means one per available core; {@code idleTimeout} closes HTTP connections left idle (an
 * upgraded socket is kept by its heartbeat instead).
 */
public record HttpSettings(String host, int port, int ioThreads, Duration idleTimeout, int maxRequestBytes) {

  /** Reads the {@code http} block of {@code kanal}, naming each key in full when one is wrong. */
  static HttpSettings from(Config kanal) {
    int threads = kanal.getInt("http.io-threads");
    if (threads < 0) {
      throw new ConfigException.BadValue(kanal.origin(), "http.io-threads", "must be 0 (one per core) or more, not " + threads);
    }
    long requestBytes = kanal.getBytes("http.max-request-bytes");
    if (requestBytes < 1 || requestBytes > Integer.MAX_VALUE) {
      throw new ConfigException.BadValue(
          kanal.origin(), "http.max-request-bytes", "must be between 1 byte and 2 GiB, not " + requestBytes);
    }
    return new HttpSettings(
        kanal.getString("http.host"),
        kanal.getInt("http.port"),
        threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
        kanal.getDuration("http.idle-timeout"),
        (int) requestBytes);
  }
}
