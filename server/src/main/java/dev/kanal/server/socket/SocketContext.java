package dev.kanal.server.socket;

import dev.kanal.protocol.Serializer;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.Limits;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.TopicEntities;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a socket actor is started with: the connection's facts, the node's shared parts, and what
 * to run when the socket ends (giving back its place under {@code max-connections}). The
 * {@code verifier} checks tokens a client pushes to replace its own.
 */
public record SocketContext(
    Serializer serializer,
    Principal principal,
    Limits limits,
    ChannelRouter router,
    TopicEntities entities,
    ActorRef<NodeFanout.Command> fanout,
    Connection connection,
    TokenVerifier verifier,
    KanalMetrics metrics,
    Runnable released) {}
