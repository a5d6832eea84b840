package dev.kanal.server.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * Everything under {@code kanal}, read once at start. Invalid values fail the start with the
 * offending key named, never later at run time.
 */
public record KanalSettings(
    HttpSettings http,
    AuthSettings auth,
    Limits limits,
    List<ChannelRule> channels,
    Duration topicPassivateAfter,
    Duration presenceBatchWindow,
    ClusterSettings cluster,
    CollectionsSettings collections) {

  public static KanalSettings from(Config root) {
    Config kanal = root.getConfig("kanal");
    List<ChannelRule> channels = kanal.getConfigList("channels").stream().map(ChannelRule::from).toList();
    return new KanalSettings(
        HttpSettings.from(kanal),
        AuthSettings.from(kanal.getConfig("auth")),
        Limits.from(kanal.getConfig("limits")),
        channels,
        kanal.getDuration("topics.passivate-after"),
        kanal.getDuration("topics.presence-batch-window"),
        ClusterSettings.from(kanal.getConfig("cluster")),
        CollectionsSettings.from(kanal));
  }
}
