package dev.kanal.server.socket;

import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.ChannelRouter.Route;

/**
 * One channel of a socket: the join that opened it, its route, and the kind's state. It is joined
 * once the node's fan-out admitted it; until then it holds the reply to send. On a presence topic
 * it has a presence key, and the {@code phx_ref} of what it tracks, if anything.
 */
record Channel(
    long joinId,
    Message join,
    Route route,
    Payload joinResponse,
    Object state,
    boolean joined,
    String presenceKey,
    String trackedRef) {

  static Channel joining(long joinId, Message join, Route route, String presenceKey) {
    return new Channel(joinId, join, route, null, null, false, presenceKey, null);
  }

  Channel accepted(Payload response, Object kindState) {
    return new Channel(joinId, join, route, response, kindState, false, presenceKey, trackedRef);
  }

  Channel admitted() {
    return new Channel(joinId, join, route, joinResponse, state, true, presenceKey, trackedRef);
  }

  Channel tracking(String ref) {
    return new Channel(joinId, join, route, joinResponse, state, joined, presenceKey, ref);
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
