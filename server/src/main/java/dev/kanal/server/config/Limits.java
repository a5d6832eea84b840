package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * {@code kanal.limits}: what one socket and one node may use. {@code outboundBuffer} is how many
 * frames may wait for a client that does not read before its socket is dropped.
 */
public record Limits(
    int maxFrameBytes,
    int maxChannelsPerSocket,
    int eventsPerSecond,
    int joinsPerSecond,
    int maxConnections,
    Duration heartbeatTimeout,
    int outboundBuffer) {

  private static int frameBytes(Config config) {
    long bytes = config.getBytes("max-frame-bytes");
    if (bytes < 1 || bytes > Integer.MAX_VALUE) {
      throw new ConfigException.BadValue(
          config.origin(), "max-frame-bytes", "must be between 1 byte and 2 GiB, not " + bytes);
    }
    return (int) bytes;
  }

  static Limits from(Config config) {
    return new Limits(
        frameBytes(config),
        config.getInt("max-channels-per-socket"),
        config.getInt("events-per-second"),
        config.getInt("joins-per-second"),
        config.getInt("max-connections"),
        config.getDuration("heartbeat-timeout"),
        config.getInt("outbound-buffer"));
  }
}
