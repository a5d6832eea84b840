package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /health/live} (the process answers) and {@code /health/ready} (this node is an Up cluster member). */
public final class HealthRoute {
  private final Cluster cluster;

  HealthRoute(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  public Route route() {
    return get(
        () ->
            concat(
                path(segment("health").slash("live"), () -> complete(JsonResponses.json(StatusCodes.OK, status("live")))),
                path(segment("health").slash("ready"), this::ready)));
  }

  private Route ready() {
    MemberStatus status = cluster.selfMember().status();
    boolean up = status.equals(MemberStatus.up());
    return complete(
        JsonResponses.json(
            up ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
            JsonResponses.JSON.createObjectNode().put("status", up ? "ready" : "not ready").put("member", status.toString())));
  }

  private static Object status(String value) {
    return JsonResponses.JSON.createObjectNode().put("status", value);
  }
}
