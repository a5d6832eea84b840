package dev.kanal.server;

import com.typesafe.config.Config;
import dev.kanal.persistence.store.Store;
import dev.kanal.persistence.store.StoreSchema;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.auth.WriteAccess;
import dev.kanal.server.collection.CollectionKind;
import dev.kanal.server.collection.CollectionWaker;
import dev.kanal.server.collection.Collections;
import dev.kanal.server.collection.SeedLoader;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.config.ClusterSettings;
import dev.kanal.server.config.KanalSettings;
import dev.kanal.server.http.ApiRoutes;
import dev.kanal.server.http.ServerPublisher;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;
import dev.kanal.server.transport.OpenSockets;
import dev.kanal.server.transport.OriginCheck;
import dev.kanal.server.transport.HttpServer;
import dev.kanal.server.transport.SocketConnector;
import dev.kanal.server.transport.Tls;
import dev.kanal.server.transport.WebSocketUpgrade;
import dev.kanal.server.dialect.phoenix.PhoenixEndpoint;
import dev.kanal.server.dialect.supabase.SupabaseEndpoint;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** One Kanal node: the actor system, its cluster membership, topics, fan-out and HTTP server. */
public final class KanalNode {
  private final ActorSystem<Void> system;
  private final CompletionStage<HttpServer> binding;

  private KanalNode(ActorSystem<Void> system, CompletionStage<HttpServer> binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Starts a node from a fully loaded config. Config errors (bad keys, unknown channel kinds) throw
   * here, before anything listens.
   */
  public static KanalNode start(Config loaded) {
    KanalSettings settings = KanalSettings.from(loaded);
    OriginCheck originCheck = OriginCheck.from(loaded.getConfig("kanal.http"));
    OriginCheck corsOrigins = OriginCheck.from(loaded.getConfig("kanal.http"), "cors-origins");
    Store store = settings.collections().store();
    try {
      StoreSchema.ensure(store);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set up the store " + store.describe() + ": " + e.getMessage(), e);
    }
    Config config = settings.cluster().pekkoOverrides()
        .withFallback(store.pekkoConfig())
        .withFallback(loaded);
    ActorSystem<Void> system =
        ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, config);
    try {
      return start(system, settings, originCheck, corsOrigins);
    } catch (IOException | RuntimeException e) {
      system.terminate();
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static KanalNode start(
      ActorSystem<Void> system, KanalSettings settings, OriginCheck originCheck, OriginCheck corsOrigins)
      throws IOException {
    ClusterFormation.start(system, settings.cluster());
    TopicEntity.init(system, settings.topicPassivateAfter(), settings.presenceBatchWindow());
    TopicEntities entities = TopicEntities.sharded(system);
    KanalMetrics metrics = new KanalMetrics();
    ActorRef<NodeFanout.Command> fanout =
        system.systemActorOf(NodeFanout.create(entities, metrics), "fanout", Props.empty());
    Collections collections = Collections.start(system, settings.collections(), entities);
    CollectionKind collectionKind = new CollectionKind(collections, new WriteAccess(settings.auth()), Clock.systemUTC());
    ChannelRouter router = ChannelRouter.of(settings.channels(), Map.of("collection", collectionKind));
    system.systemActorOf(CollectionWaker.create(collections), "collection-waker", Props.empty());
    if (settings.collections().seedFile().isPresent()) {
      SeedLoader.load(settings.collections().seedFile().get(), collections);
    }

    TokenVerifier verifier = new TokenVerifier(settings.auth());
    OpenSockets openSockets = new OpenSockets();
    SocketConnector connector =
        new SocketConnector(system, settings.limits(), router, entities, fanout, verifier, metrics, openSockets);
    WebSocketUpgrade sockets = new WebSocketUpgrade(
        List.of(new PhoenixEndpoint(), new SupabaseEndpoint()), settings.auth(), verifier, connector, originCheck, settings.limits(), metrics);
    ApiRoutes api = new ApiRoutes(
        system, settings.auth(), verifier, new ServerPublisher(system, router, entities), collections, router,
        settings.collections().store(), corsOrigins, metrics, openSockets);

    CompletionStage<HttpServer> binding = HttpServer.bind(
        system, settings.http(), Tls.from(system.settings().config().getConfig("kanal.http.tls")), sockets, api.route());
    drainOnShutdown(system, binding, openSockets);
    return new KanalNode(system, binding);
  }

  /**
   * On SIGTERM (Pekko's coordinated shutdown): readiness turns false and new sockets are refused,
   * the port is unbound, every socket is closed so its client reconnects elsewhere, and only then
   * does the node hand its shards over and leave the cluster. Collection writes are answered only
   * once journaled, so none that was acknowledged is lost.
   */
  private static void drainOnShutdown(
      ActorSystem<?> system, CompletionStage<HttpServer> binding, OpenSockets openSockets) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "kanal-refuse-sockets", () -> {
      system.log().info("Shutting down: refusing new sockets, then closing the open ones");
      openSockets.refuseNew();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "kanal-unbind",
        () -> binding.thenCompose(HttpServer::unbind).thenApply(unbound -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "kanal-close-sockets", openSockets::closeAll);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "kanal-stop-io", () -> binding.thenApply(server -> {
      server.stop();
      return Done.getInstance();
    }));
  }

  /** Drains and stops the node as SIGTERM does; completes when it is down. */
  public CompletionStage<Done> shutdown() {
    return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
  }

  public CompletionStage<HttpServer> binding() {
    return binding;
  }
}
