package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.concat;

import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.config.AuthSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/** The HTTP API beside the sockets: health and server-side broadcast. */
public final class ApiRoutes {
  private final HealthRoute health;
  private final BroadcastRoute broadcast;

  public ApiRoutes(ActorSystem<?> system, AuthSettings auth, TokenVerifier verifier, ServerPublisher publisher) {
    this.health = new HealthRoute(system);
    this.broadcast = new BroadcastRoute(new ApiAuth(verifier), auth.broadcastRoles(), publisher);
  }

  public Route route() {
    return concat(health.route(), broadcast.route());
  }
}
