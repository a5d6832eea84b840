package dev.kanal.server.socket;

import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.ChannelRouter.Route;
import dev.kanal.server.topic.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel of a socket: the join that opened it, its route, and the kind's state. It is joined
 * once both the kind accepted it and the node's fan-out admitted it; a kind that subscribes first
 * is admitted before it is asked, and collection changes that arrive in between are {@code held}
 * until the reply is out (broadcasts wait in its {@code gate}). {@code position} is the {@code seq} the join reply was current at (-1: none). On a presence
 * topic it has a presence key, and the {@code phx_ref} of what it tracks, if anything.
 */
record Channel(
    long joinId,
    Message join,
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

  static Channel joining(long joinId, Message join, Route route, String presenceKey, DeliveryGate gate) {
    return new Channel(joinId, join, route, null, null, -1, false, false, new ArrayList<>(), presenceKey, null, gate);
  }

  Channel accepted(Payload response, Object kindState, long atPosition) {
    return new Channel(
        joinId, join, route, response, kindState, atPosition, admitted, admitted, held, presenceKey, trackedRef, gate);
  }

  Channel admit() {
    boolean accepted = joinResponse != null;
    return new Channel(
        joinId, join, route, joinResponse, state, position, true, accepted, held, presenceKey, trackedRef, gate);
  }

  Channel tracking(String ref) {
    return new Channel(
        joinId, join, route, joinResponse, state, position, admitted, joined, held, presenceKey, ref, gate);
  }

  boolean subscribesFirst() {
    return route.kind().subscribesFirst();
  }

  boolean hasPresence() {
    return presenceKey != null;
  }

  String joinRef() {
    return join.joinRef();
  }

  String joinMessageRef() {
    return join.ref();
  }
}
