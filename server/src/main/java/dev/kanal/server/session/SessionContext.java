package dev.kanal.server.session;

import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.Limits;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.TopicEntities;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a session is started with: the connection and the dialect its client speaks, who the client
 * is, the node's shared parts, and what to run when the session ends (giving back its place under
 * {@code max-connections}). The {@code verifier} checks tokens a client sends to replace its own.
 */
public record SessionContext(
    Dialect dialect,
    Principal principal,
    Limits limits,
    ChannelRouter router,
    TopicEntities entities,
    ActorRef<NodeFanout.Command> fanout,
    Connection connection,
    TokenVerifier verifier,
    KanalMetrics metrics,
    Runnable released) {}
