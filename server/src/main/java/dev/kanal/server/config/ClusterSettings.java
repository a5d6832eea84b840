package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;

/**
 * {@code kanal.cluster}: this node's remoting address and the seed nodes. With no seed nodes the
 * node forms a cluster of one by joining itself.
 */
public record ClusterSettings(String host, int port, List<String> seedNodes) {
  public static final String SYSTEM_NAME = "kanal";

  static ClusterSettings from(Config config) {
    List<String> seeds =
        config.getValue("seed-nodes").valueType() == com.typesafe.config.ConfigValueType.STRING
            ? splitList(config.getString("seed-nodes"))
            : config.getStringList("seed-nodes");
    return new ClusterSettings(
        config.getString("host"), config.getInt("port"), seeds.stream().map(ClusterSettings::address).toList());
  }

  private static List<String> splitList(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Accepts a full Pekko address or a plain {@code host:port}. */
  static String address(String seed) {
    return seed.contains("://") ? seed : "pekko://" + SYSTEM_NAME + "@" + seed;
  }

  /**
   * The Pekko settings these values imply. They are applied on top of the loaded config in code,
   * because {@code reference.conf} substitutions cannot see a user's file.
   */
  public Config pekkoOverrides() {
    return ConfigFactory.empty()
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes));
  }
}
