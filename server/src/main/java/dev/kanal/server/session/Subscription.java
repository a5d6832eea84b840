package dev.kanal.server.session;

import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.ChannelRouter.Route;
import dev.kanal.server.channel.JoinParams;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.topic.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription of a session: the join that opened it, its route, and the kind's state. It is
 * joined once both the kind accepted it and the node's fan-out admitted it; a kind that subscribes
 * first is admitted before it is asked, and collection changes that arrive in between are
 * {@code held} until the reply is out (broadcasts wait in its {@code gate}). {@code position} is the
 * {@code seq} the join reply was current at (-1: none). On a presence topic it has a presence key,
 * and the {@code phx_ref} of what it tracks, if anything.
 */
record Subscription(
    long joinId,
    ClientRef join,
    JoinParams params,
    Route route,
    Payload joinResponse,
    Object state,
    long position,
    boolean admitted,
    boolean joined,
    List<Subscriber.ChangeDelivery> held,
    String presenceKey,
    String trackedRef,
    DeliveryGate gate) {

  static Subscription joining(long joinId, ClientRef join, JoinParams params, Route route, String presenceKey, DeliveryGate gate) {
    return new Subscription(joinId, join, params, route, null, null, -1, false, false, new ArrayList<>(), presenceKey, null, gate);
  }

  Subscription accepted(Payload response, Object kindState, long atPosition) {
    return new Subscription(
        joinId, join, params, route, response, kindState, atPosition, admitted, admitted, held, presenceKey, trackedRef, gate);
  }

  Subscription admit() {
    boolean accepted = joinResponse != null;
    return new Subscription(
        joinId, join, params, route, joinResponse, state, position, true, accepted, held, presenceKey, trackedRef, gate);
  }

  Subscription tracking(String ref) {
    return new Subscription(
        joinId, join, params, route, joinResponse, state, position, admitted, joined, held, presenceKey, ref, gate);
  }

  String id() {
    return join.subscription();
  }

  String topic() {
    return join.topic();
  }

  boolean subscribesFirst() {
    return route.kind().subscribesFirst();
  }

  boolean hasPresence() {
    return presenceKey != null;
  }
}
