package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import dev.kanal.persistence.store.Store;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.collection.Collections;
import dev.kanal.server.config.AuthSettings;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.transport.OpenSockets;
import dev.kanal.server.transport.OriginCheck;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/** The HTTP API beside the sockets: health, metrics, server-side broadcast (Kanal's and Supabase's) and collections, behind CORS. */
public final class ApiRoutes {
  private final HealthRoute health;
  private final BroadcastRoute broadcast;
  private final SupabaseBroadcastRoutes supabaseBroadcast;
  private final CollectionRoutes collections;
  private final Cors cors;
  private final MetricsRoute metrics;

  public ApiRoutes(
      ActorSystem<?> system,
      AuthSettings auth,
      TokenVerifier verifier,
      ServerPublisher publisher,
      Collections collections,
      ChannelRouter router,
      Store store,
      OriginCheck corsOrigins,
      KanalMetrics metrics,
      OpenSockets openSockets) {
    ApiAuth apiAuth = new ApiAuth(verifier);
    this.health = new HealthRoute(system, store, openSockets);
    this.broadcast = new BroadcastRoute(apiAuth, auth.broadcastRoles(), publisher);
    this.supabaseBroadcast = new SupabaseBroadcastRoutes(apiAuth, auth.broadcastRoles(), publisher);
    this.collections = new CollectionRoutes(collections, apiAuth, auth, router);
    this.cors = new Cors(corsOrigins);
    this.metrics = new MetricsRoute(metrics);
  }

  public Route route() {
    return cors.wrap(() -> concat(
        health.route(), metrics.route(), broadcast.route(), supabaseBroadcast.route(), collections.route()));
  }
}
