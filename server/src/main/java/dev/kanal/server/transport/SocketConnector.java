package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Serializer;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.Limits;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.socket.Outbound;
import dev.kanal.server.socket.SocketActor;
import dev.kanal.server.socket.SocketContext;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntities;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ws.BinaryMessage;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.BufferOverflowException;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.apache.pekko.util.ByteString;

/**
 * Starts a socket actor for an accepted upgrade and bridges the WebSocket to it: frames in with
 * backpressure (one at a time, acknowledged), frames out through a bounded buffer.
 */
public final class SocketConnector {
  private final ActorSystem<?> system;
  private final Limits limits;
  private final ChannelRouter router;
  private final TopicEntities entities;
  private final ActorRef<NodeFanout.Command> fanout;
  private final FrameReader reader;
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
    this.reader = new FrameReader(limits.maxFrameBytes(), Materializer.matFromSystem(system));
    this.gate = new ConnectionGate(limits.maxConnections());
  }

  /**
   * Starts a socket for an accepted upgrade, or answers empty when the node already holds
   * {@code max-connections} sockets or is shutting down. The place is given back when the socket
   * actor stops.
   */
  public Optional<Flow<Message, Message, NotUsed>> tryConnect(Serializer serializer, Principal principal) {
    if (!openSockets.accepting() || !memberUp()) {
      return Optional.empty();
    }
    if (!gate.tryOpen()) {
      metrics.refused(KanalMetrics.Refusal.MAX_CONNECTIONS);
      return Optional.empty();
    }
    metrics.socketOpened();
    return Optional.of(connect(serializer, principal));
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

  private Flow<Message, Message, NotUsed> connect(Serializer serializer, Principal principal) {
    Pair<ActorRef<Outbound>, Source<Outbound, NotUsed>> out =
        ActorSource.<Outbound>actorRef(
                outbound -> outbound == Outbound.Close.INSTANCE,
                outbound -> Optional.empty(),
                limits.outboundBuffer(),
                OverflowStrategy.fail())
            .preMaterialize(system);
    // The socket's own ref is known only once it is spawned, and it can only stop after a message.
    AtomicReference<ActorRef<Subscriber.Message>> self = new AtomicReference<>();
    ActorRef<Subscriber.Message> socket =
        system.systemActorOf(
            SocketActor.create(
                new SocketContext(
                    serializer, principal, limits, router, entities, fanout, out.first(), verifier, metrics, () -> released(self.get()))),
            "socket-" + ids.incrementAndGet(),
            Props.empty());
    self.set(socket);
    openSockets.opened(socket);
    Sink<Message, NotUsed> in =
        Flow.<Message>create()
            .mapAsync(1, reader::read)
            .to(
                ActorSink.<FrameReader.Read, Subscriber.Message, SocketActor.Ack>actorRefWithBackpressure(
                    socket,
                    (ackTo, read) -> read instanceof FrameReader.Read.Whole whole
                        ? new SocketActor.Inbound(ackTo, whole.frame())
                        : new SocketActor.TooLarge(((FrameReader.Read.TooLarge) read).reason()),
                    SocketActor.Connected::new,
                    SocketActor.Ack.INSTANCE,
                    new SocketActor.Disconnected("closed by the client"),
                    failure -> new SocketActor.Disconnected(String.valueOf(failure.getMessage()))));
    Source<Message, NotUsed> outgoing =
        out.second()
            .watchTermination((notUsed, done) -> {
              done.whenComplete((finished, failure) -> {
                if (failure instanceof BufferOverflowException) {
                  metrics.closed(KanalMetrics.Close.SLOW_CONSUMER);
                }
              });
              return notUsed;
            })
            .collectType(Outbound.Send.class)
            .map(send -> toWebSocket(send.frame()));
    return Flow.fromSinkAndSourceCoupled(in, outgoing);
  }

  private static Message toWebSocket(Frame frame) {
    if (frame instanceof Frame.Text text) {
      return TextMessage.create(text.text());
    }
    return BinaryMessage.create(ByteString.fromArrayUnsafe(((Frame.Binary) frame).bytes().toArray()));
  }
}
