package dev.kanal.server.transport;

import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.Limits;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.session.Session;
import dev.kanal.server.session.Connection;
import dev.kanal.server.session.SessionContext;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntities;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Starts a session for an accepted connection, of whatever transport: the session writes through
 * the {@link Connection}, and the transport hands it the client's frames. It also keeps the node
 * within {@code max-connections} and takes no sockets before the node is an Up member.
 */
public final class SocketConnector {
  private final ActorSystem<?> system;
  private final Limits limits;
  private final ChannelRouter router;
  private final TopicEntities entities;
  private final ActorRef<NodeFanout.Command> fanout;
  private final AtomicLong ids = new AtomicLong();
  private final ConnectionGate gate;
  private final TokenVerifier verifier;
  private final KanalMetrics metrics;
  private final OpenSockets openSockets;

  public SocketConnector(
      ActorSystem<?> system,
      Limits limits,
      ChannelRouter router,
      TopicEntities entities,
      ActorRef<NodeFanout.Command> fanout,
      TokenVerifier verifier,
      KanalMetrics metrics,
      OpenSockets openSockets) {
    this.verifier = verifier;
    this.system = system;
    this.metrics = metrics;
    this.openSockets = openSockets;
    this.limits = limits;
    this.router = router;
    this.entities = entities;
    this.fanout = fanout;
    this.gate = new ConnectionGate(limits.maxConnections());
  }

  /**
   * Starts a session for {@code connection}, or answers empty when the node already holds
   * {@code max-connections} sockets, is not yet a cluster member, or is shutting down. The place is
   * given back when the session stops.
   */
  public Optional<ActorRef<Subscriber.Message>> tryConnect(Connection connection, Dialect dialect, Principal principal) {
    if (!openSockets.accepting() || !memberUp()) {
      return Optional.empty();
    }
    if (!gate.tryOpen()) {
      metrics.refused(KanalMetrics.Refusal.MAX_CONNECTIONS);
      return Optional.empty();
    }
    metrics.socketOpened(dialect.name());
    // The socket's own ref is known only once it is spawned, and it can only stop after a message.
    AtomicReference<ActorRef<Subscriber.Message>> self = new AtomicReference<>();
    ActorRef<Subscriber.Message> socket =
        system.systemActorOf(
            Session.create(
                new SessionContext(
                    dialect, principal, limits, router, entities, fanout, connection, verifier, metrics,
                    () -> released(self.get(), dialect))),
            "socket-" + ids.incrementAndGet(),
            Props.empty());
    self.set(socket);
    openSockets.opened(socket);
    return Optional.of(socket);
  }

  /**
   * Sockets wait until this node is an Up member: before that the other nodes may not know it yet,
   * and a topic entity there would take its fan-out for the node's previous incarnation, long gone.
   */
  private boolean memberUp() {
    return Cluster.get(system).selfMember().status().equals(MemberStatus.up());
  }

  private void released(ActorRef<Subscriber.Message> socket, Dialect dialect) {
    gate.close();
    metrics.socketClosed(dialect.name());
    openSockets.closed(socket);
  }
}
