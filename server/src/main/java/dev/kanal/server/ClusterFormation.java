package dev.kanal.server;

import dev.kanal.server.config.ClusterSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * How a node becomes a cluster member. Seed nodes are joined by Pekko itself from
 * {@code pekko.cluster.seed-nodes}; with none the node forms a cluster of one. With bootstrap, the
 * management endpoints go up first, since the other nodes' bootstrap asks them whether this node
 * has joined anything yet.
 */
final class ClusterFormation {
  private ClusterFormation() {}

  static void start(ActorSystem<?> system, ClusterSettings settings) {
    if (settings.servesManagement()) {
      PekkoManagement.get(system.classicSystem()).start();
    }
    if (settings.formation() == ClusterSettings.Formation.BOOTSTRAP) {
      ClusterBootstrap.get(system.classicSystem()).start();
    } else if (settings.seedNodes().isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }
}
