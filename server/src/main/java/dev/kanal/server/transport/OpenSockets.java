package dev.kanal.server.transport;

import dev.kanal.server.session.Session;
import dev.kanal.server.topic.Subscriber;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The node's open sockets, so that a shutdown can refuse new ones, close every open one (phoenix.js
 * then reconnects, through the load balancer, to another node) and wait until they are gone.
 */
public final class OpenSockets {
  private final Set<ActorRef<Subscriber.Message>> open = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private volatile boolean draining;

  /** False once draining began: readiness turns false and upgrades are refused. */
  public boolean accepting() {
    return !draining;
  }

  void opened(ActorRef<Subscriber.Message> socket) {
    open.add(socket);
  }

  void closed(ActorRef<Subscriber.Message> socket) {
    open.remove(socket);
    if (draining && open.isEmpty()) {
      drained.complete(Done.getInstance());
    }
  }

  /** Refuses new sockets from now on. */
  public void refuseNew() {
    draining = true;
  }

  /** Refuses new sockets and closes every open one; completes once all are closed. */
  public CompletionStage<Done> closeAll() {
    refuseNew();
    open.forEach(socket -> socket.tell(Session.NodeDraining.INSTANCE));
    if (open.isEmpty()) {
      drained.complete(Done.getInstance());
    }
    return drained;
  }
}
