package dev.kanal.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code kanal.cluster}: this node's remoting address and how it finds the other nodes: from seed
 * nodes (none: it forms a cluster of one by joining itself) or by Cluster Bootstrap through service
 * discovery; and whether Pekko Management's HTTP endpoints are served.
 */
public record ClusterSettings(
    String host, int port, List<String> seedNodes, Formation formation, Bootstrap bootstrap, Management management) {
  public static final String SYSTEM_NAME = "kanal";

  /** How the node joins a cluster. */
  public enum Formation {
    SEED_NODES,
    BOOTSTRAP
  }

  /** What Cluster Bootstrap discovers: a pekko.discovery method, the service, and how many must agree. */
  public record Bootstrap(String discoveryMethod, String serviceName, int requiredContactPoints) {}

  /** Pekko Management's HTTP server; it listens on the node's cluster host. */
  public record Management(boolean enabled, int port) {}

  static ClusterSettings from(Config config) {
    List<String> seeds =
        config.getValue("seed-nodes").valueType() == ConfigValueType.STRING
            ? splitList(config.getString("seed-nodes"))
            : config.getStringList("seed-nodes");
    Formation formation = formation(config.getString("formation"));
    if (formation == Formation.BOOTSTRAP && !seeds.isEmpty()) {
      throw new IllegalArgumentException(
          "kanal.cluster.formation = bootstrap finds the nodes by discovery; leave kanal.cluster.seed-nodes empty");
    }
    Config bootstrap = config.getConfig("bootstrap");
    int required = bootstrap.getInt("required-contact-points");
    if (required < 1) {
      throw new IllegalArgumentException("kanal.cluster.bootstrap.required-contact-points must be at least 1, was " + required);
    }
    return new ClusterSettings(
        config.getString("host"),
        config.getInt("port"),
        seeds.stream().map(ClusterSettings::address).toList(),
        formation,
        new Bootstrap(bootstrap.getString("discovery-method"), bootstrap.getString("service-name"), required),
        new Management(config.getBoolean("management.enabled"), config.getInt("management.port")));
  }

  private static Formation formation(String value) {
    try {
      return Formation.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "kanal.cluster.formation must be seed-nodes or bootstrap, was \"" + value + "\"", e);
    }
  }

  private static List<String> splitList(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Accepts a full Pekko address or a plain {@code host:port}. */
  static String address(String seed) {
    return seed.contains("://") ? seed : "pekko://" + SYSTEM_NAME + "@" + seed;
  }

  /** Bootstrap needs the management endpoints: the other nodes ask them for this node's state. */
  public boolean servesManagement() {
    return management.enabled() || formation == Formation.BOOTSTRAP;
  }

  /**
   * The Pekko settings these values imply. They are applied on top of the loaded config in code,
   * because {@code reference.conf} substitutions cannot see a user's file.
   */
  public Config pekkoOverrides() {
    Config overrides = ConfigFactory.empty()
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes))
        .withValue("pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.management.http.port", ConfigValueFactory.fromAnyRef(management.port()));
    String discovery = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    return overrides
        .withValue(discovery + "discovery-method", ConfigValueFactory.fromAnyRef(bootstrap.discoveryMethod()))
        .withValue(discovery + "service-name", ConfigValueFactory.fromAnyRef(bootstrap.serviceName()))
        .withValue(discovery + "required-contact-point-nr", ConfigValueFactory.fromAnyRef(bootstrap.requiredContactPoints()));
  }
}
