package dev.kanal.server.transport;

import dev.kanal.protocol.Serializer;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.Limits;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.socket.SocketActor;
import dev.kanal.server.socket.SocketContext;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntities;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Starts a socket actor for an accepted upgrade and joins it to the connection: the actor writes
 * to the channel through a {@link NettyConnection}, and the channel's frames reach the actor through
 * {@link SocketFrames}. Nothing else stands between a socket and its client.
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
   * Starts a socket for an upgraded {@code channel}, or answers empty when the node already holds
   * {@code max-connections} sockets, is not yet a cluster member, or is shutting down. The place is
   * given back when the socket actor stops. The answer is the channel's last handler.
   */
  Optional<SocketFrames> tryConnect(Channel channel, Serializer serializer, Principal principal) {
    if (!openSockets.accepting() || !memberUp()) {
      return Optional.empty();
    }
    if (!gate.tryOpen()) {
      metrics.refused(KanalMetrics.Refusal.MAX_CONNECTIONS);
      return Optional.empty();
    }
    metrics.socketOpened();
    NettyConnection connection = new NettyConnection(channel, limits.outboundBuffer(), metrics);
    // The socket's own ref is known only once it is spawned, and it can only stop after a message.
    AtomicReference<ActorRef<Subscriber.Message>> self = new AtomicReference<>();
    ActorRef<Subscriber.Message> socket =
        system.systemActorOf(
            SocketActor.create(
                new SocketContext(
                    serializer, principal, limits, router, entities, fanout, connection, verifier, metrics,
                    () -> released(self.get()))),
            "socket-" + ids.incrementAndGet(),
            Props.empty());
    self.set(socket);
    openSockets.opened(socket);
    return Optional.of(new SocketFrames(socket, connection, limits.maxFrameBytes()));
  }

  /**
   * Sockets wait until this node is an Up member: before that the other nodes may not know it yet,
   * and a topic entity there would take its fan-out for the node's previous incarnation, long gone.
   */
  private boolean memberUp() {
    return Cluster.get(system).selfMember().status().equals(MemberStatus.up());
  }

  private void released(ActorRef<Subscriber.Message> socket) {
    gate.close();
    metrics.socketClosed();
    openSockets.closed(socket);
  }
}
