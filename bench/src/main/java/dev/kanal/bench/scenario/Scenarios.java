package dev.kanal.bench.scenario;

import java.util.List;

/** The load scenarios, for the command line; the classes themselves stay inside this package. */
public final class Scenarios {
  private Scenarios() {}

  public static List<Object> all() {
    return List.of(new ConnectScenario(), new FanoutScenario(), new ClusterFanoutScenario(),
        new PresenceScenario(), new CollectionScenario());
  }
}
