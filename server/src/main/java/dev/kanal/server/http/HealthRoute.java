package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import dev.kanal.persistence.store.Store;
import dev.kanal.persistence.store.StoreSchema;
import dev.kanal.server.transport.OpenSockets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (this node is an Up cluster
 * member, its store answers, and it is not shutting down).
 */
public final class HealthRoute {
  private static final int STORE_TIMEOUT_SECONDS = 2;

  private final Cluster cluster;
  private final Store store;
  private final Executor blocking;
  private final OpenSockets openSockets;

  HealthRoute(ActorSystem<?> system, Store store, OpenSockets openSockets) {
    this.cluster = Cluster.get(system);
    this.store = store;
    this.openSockets = openSockets;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
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
    return completeWithFuture(CompletableFuture.supplyAsync(() -> StoreSchema.reachable(store, STORE_TIMEOUT_SECONDS), blocking)
        .thenApply(storeUp -> {
          boolean accepting = openSockets.accepting();
          boolean ready = accepting && storeUp && status.equals(MemberStatus.up());
          return JsonResponses.json(
              ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
              JsonResponses.JSON.createObjectNode()
                  .put("status", ready ? "ready" : "not ready")
                  .put("member", status.toString())
                  .put("members", upMembers())
                  .put("unreachable", cluster.state().getUnreachable().size())
                  .put("store", storeUp ? "reachable" : "unreachable")
                  .put("draining", !accepting));
        }));
  }

  /** The Up members this node sees, itself included: what a script or test waits on for a formed cluster. */
  private long upMembers() {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(member -> member.status().equals(MemberStatus.up()))
        .count();
  }

  private static Object status(String value) {
    return JsonResponses.JSON.createObjectNode().put("status", value);
  }
}
