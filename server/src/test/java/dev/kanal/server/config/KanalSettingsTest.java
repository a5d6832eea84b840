package dev.kanal.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.kanal.server.auth.JoinRule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The defaults in reference.conf, and what a user's file changes. Assumes no KANAL_* variable is set. */
class KanalSettingsTest {
  static final List<ChannelRule> DEFAULT_CHANNELS =
      List.of(
          new ChannelRule("collection:*", "collection", new JoinRule.Public(), false),
          new ChannelRule("room:*", "broadcast", new JoinRule.Public(), true),
          new ChannelRule("staff:*", "broadcast", new JoinRule.Authenticated(), true),
          new ChannelRule("notifications:*", "server", new JoinRule.Role("admin"), false),
          new ChannelRule("realtime:*", "realtime", new JoinRule.Public(), true));

  static final Limits DEFAULT_LIMITS = new Limits(1048576, 100, 100, 50, 100000, Duration.ofSeconds(60), 4096);

  static final AuthSettings DEFAULT_AUTH =
      new AuthSettings(Optional.empty(), Optional.empty(), true, List.of("service", "admin", "staff"), false, List.of("service", "admin"));

  static final ClusterSettings.Bootstrap DEFAULT_BOOTSTRAP = new ClusterSettings.Bootstrap("kubernetes-api", "kanal", 2);

  static final ClusterSettings.Management DEFAULT_MANAGEMENT = new ClusterSettings.Management(false, 8558);

  static final ClusterSettings DEFAULT_CLUSTER = new ClusterSettings(
      "127.0.0.1", 25520, List.of(), ClusterSettings.Formation.SEED_NODES, DEFAULT_BOOTSTRAP, DEFAULT_MANAGEMENT);

  static KanalSettings load(String userConfig) {
    return KanalSettings.from(KanalConfig.load(ConfigFactory.parseString(userConfig)));
  }

  @Test
  void defaultsLoadWithoutAUserFile() {
    KanalSettings settings = KanalSettings.from(KanalConfig.load(ConfigFactory.empty()));

    assertEquals("0.0.0.0", settings.http().host());
    assertEquals(4000, settings.http().port());
    assertEquals(DEFAULT_AUTH, settings.auth());
    assertEquals(DEFAULT_LIMITS, settings.limits());
    assertEquals(DEFAULT_CHANNELS, settings.channels());
    assertEquals(Duration.ofSeconds(30), settings.topicPassivateAfter());
    assertEquals(DEFAULT_CLUSTER, settings.cluster());
  }

  @Test
  void aUserFileSettingOnlyChannelsKeepsEveryOtherDefault() {
    KanalSettings settings =
        load(
            """
            kanal.channels = [
              { pattern = "chat:*", kind = server }
              { pattern = "lobby", kind = broadcast, join = "claim:site", presence = true }
            ]
            """);

    assertEquals(
        List.of(
            new ChannelRule("chat:*", "server", new JoinRule.Public(), false),
            new ChannelRule("lobby", "broadcast", new JoinRule.Claim("site"), true)),
        settings.channels());
    assertEquals("0.0.0.0", settings.http().host());
    assertEquals(4000, settings.http().port());
    assertEquals(DEFAULT_AUTH, settings.auth());
    assertEquals(DEFAULT_LIMITS, settings.limits());
    assertEquals(Duration.ofSeconds(30), settings.topicPassivateAfter());
    assertEquals(DEFAULT_CLUSTER, settings.cluster());
  }

  @Test
  void aUserFileOverridesSingleValuesAndKeepsTheirSiblings() {
    KanalSettings settings =
        load(
            """
            kanal.http.port = 4100
            kanal.limits.max-frame-bytes = 64k
            kanal.limits.heartbeat-timeout = 90s
            kanal.auth.jwt-secret = "s3cret"
            kanal.topics.passivate-after = 2m
            """);

    assertEquals("0.0.0.0", settings.http().host());
    assertEquals(4100, settings.http().port());
    assertEquals(new Limits(65536, 100, 100, 50, 100000, Duration.ofSeconds(90), 4096), settings.limits());
    assertEquals(Optional.of("s3cret"), settings.auth().jwtSecret());
    assertTrue(settings.auth().anonymous());
    assertEquals(Duration.ofMinutes(2), settings.topicPassivateAfter());
    assertEquals(DEFAULT_CHANNELS, settings.channels());
  }

  @Test
  void aBlankJwtSecretMeansNone() {
    assertEquals(Optional.empty(), load("kanal.auth.jwt-secret = \"  \"").auth().jwtSecret());
  }

  @Test
  void anInvalidJoinInAUserRuleFailsTheLoadNamingTheRule() {
    ConfigException.BadValue e =
        assertThrows(
            ConfigException.BadValue.class,
            () -> load("kanal.channels = [ { pattern = \"x:*\", kind = broadcast, join = private } ]"));

    assertTrue(
        e.getMessage()
            .contains(
                "kanal.channels rule \"x:*\": join must be public, authenticated, role:NAME or claim:NAME, not \"private\""),
        e.getMessage());
  }

  @Test
  void aFrameLimitBeyondTwoGibibytesFailsTheLoad() {
    ConfigException.BadValue e =
        assertThrows(ConfigException.BadValue.class, () -> load("kanal.limits.max-frame-bytes = 3g"));

    assertTrue(e.getMessage().contains("max-frame-bytes"), e.getMessage());
  }

  @Test
  void aValueOfTheWrongTypeFailsTheLoadNamingItsKey() {
    ConfigException.WrongType e =
        assertThrows(ConfigException.WrongType.class, () -> load("kanal.http.port = \"four thousand\""));

    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
  }

  @Test
  void aRuleWithoutAKindFailsTheLoad() {
    assertThrows(ConfigException.Missing.class, () -> load("kanal.channels = [ { pattern = \"x:*\" } ]"));
  }

  @Test
  void aCommaSeparatedSeedStringBecomesPekkoAddresses() {
    KanalSettings settings = load("kanal.cluster.seed-nodes = \"127.0.0.1:2551, 127.0.0.1:2552\"");

    assertEquals(
        List.of("pekko://kanal@127.0.0.1:2551", "pekko://kanal@127.0.0.1:2552"), settings.cluster().seedNodes());
  }

  @Test
  void aSeedStringWithStrayCommasAndSpacesKeepsOnlyTheAddresses() {
    KanalSettings settings = load("kanal.cluster.seed-nodes = \" 10.0.0.1:2551 ,, 10.0.0.2:2552, \"");

    assertEquals(
        List.of("pekko://kanal@10.0.0.1:2551", "pekko://kanal@10.0.0.2:2552"), settings.cluster().seedNodes());
  }

  @Test
  void aSeedListMayMixHostPortAndFullAddresses() {
    KanalSettings settings =
        load("kanal.cluster.seed-nodes = [\"pekko://kanal@node-a:25520\", \"node-b:25520\"]");

    assertEquals(
        List.of("pekko://kanal@node-a:25520", "pekko://kanal@node-b:25520"), settings.cluster().seedNodes());
  }

  @Test
  void fullPekkoAddressesAreKeptAsWritten() {
    assertEquals("pekko://other@10.0.0.1:2551", ClusterSettings.address("pekko://other@10.0.0.1:2551"));
    assertEquals("pekko://kanal@10.0.0.1:2551", ClusterSettings.address("10.0.0.1:2551"));
  }

  @Test
  void clusterSettingsBecomePekkoRemotingAndSeedSettings() {
    Config overrides =
        new ClusterSettings(
                "10.0.0.5",
                2552,
                List.of("pekko://kanal@10.0.0.1:2551", "pekko://kanal@10.0.0.2:2551"),
                ClusterSettings.Formation.SEED_NODES,
                DEFAULT_BOOTSTRAP,
                DEFAULT_MANAGEMENT)
            .pekkoOverrides();

    assertEquals("10.0.0.5", overrides.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(2552, overrides.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(
        List.of("pekko://kanal@10.0.0.1:2551", "pekko://kanal@10.0.0.2:2551"),
        overrides.getStringList("pekko.cluster.seed-nodes"));
  }

  @Test
  void bootstrapFormationBecomesPekkoManagementSettingsAndServesManagement() {
    KanalSettings settings = load("""
        kanal.cluster.host = "10.0.0.7"
        kanal.cluster.formation = bootstrap
        kanal.cluster.bootstrap { discovery-method = config, service-name = displays, required-contact-points = 3 }
        kanal.cluster.management.port = 9558
        """);
    Config overrides = settings.cluster().pekkoOverrides();

    assertEquals(ClusterSettings.Formation.BOOTSTRAP, settings.cluster().formation());
    assertTrue(settings.cluster().servesManagement());
    assertEquals("10.0.0.7", overrides.getString("pekko.management.http.hostname"));
    assertEquals(9558, overrides.getInt("pekko.management.http.port"));
    String discovery = "pekko.management.cluster.bootstrap.contact-point-discovery.";
    assertEquals("config", overrides.getString(discovery + "discovery-method"));
    assertEquals("displays", overrides.getString(discovery + "service-name"));
    assertEquals(3, overrides.getInt(discovery + "required-contact-point-nr"));
  }

  @Test
  void managementIsOffUnlessAskedForOrBootstrapping() {
    assertFalse(DEFAULT_CLUSTER.servesManagement());
    assertTrue(load("kanal.cluster.management.enabled = true").cluster().servesManagement());
  }

  @Test
  void bootstrapWithSeedNodesIsRefusedWithTheKeys() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> load("kanal.cluster { formation = bootstrap, seed-nodes = [\"a:25520\"] }"));
    assertTrue(e.getMessage().contains("kanal.cluster.seed-nodes"), e.getMessage());
  }

  @Test
  void anUnknownFormationIsRefusedWithTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> load("kanal.cluster.formation = gossip"));
    assertTrue(e.getMessage().contains("seed-nodes or bootstrap"), e.getMessage());
  }

  @Test
  void noSeedNodesMeansAnEmptyPekkoSeedList() {
    Config overrides = DEFAULT_CLUSTER.pekkoOverrides();

    assertEquals(List.of(), overrides.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(25520, overrides.getInt("pekko.remote.artery.canonical.port"));
  }

  @Test
  void kanalPekkoDefaultsSitBetweenTheUserFileAndPekkosReference() {
    Config defaults = KanalConfig.load(ConfigFactory.empty());
    Config user = KanalConfig.load(ConfigFactory.parseString("pekko.loglevel = DEBUG"));

    assertEquals("cluster", defaults.getString("pekko.actor.provider"));
    assertEquals("none", defaults.getString("pekko.cluster.sharding.passivation.strategy"));
    assertEquals("jackson-cbor", defaults.getString("pekko.actor.serialization-bindings.\"dev.kanal.server.CborSerializable\""));
    assertEquals("INFO", defaults.getString("pekko.loglevel"));
    assertEquals("DEBUG", user.getString("pekko.loglevel"));
    assertEquals("cluster", user.getString("pekko.actor.provider"));
  }
}
