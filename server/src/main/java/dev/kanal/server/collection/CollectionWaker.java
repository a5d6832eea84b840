package dev.kanal.server.collection;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Wakes every collection when this node starts and whenever a node leaves the cluster, so that a
 * collection that was on a lost node starts elsewhere at once and publishes what it had journaled
 * but not delivered, instead of waiting for its next request.
 */
public final class CollectionWaker {
  private CollectionWaker() {}

  public static Behavior<ClusterEvent.MemberRemoved> create(Collections collections) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberRemoved.class));
      collections.wakeAll();
      return Behaviors.receiveMessage(removed -> {
        // A node on its way out sees everyone else removed; only members that stay wake collections.
        if (cluster.selfMember().status().equals(MemberStatus.up())) {
          context.getLog().info("{} left the cluster; waking collections", removed.member().address());
          collections.wakeAll();
        }
        return Behaviors.same();
      });
    });
  }
}
