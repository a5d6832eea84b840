package dev.kanal.server.socket;

import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.ChannelRouter.Route;

/**
 * One channel of a socket: the join that opened it, its route, and the kind's state. It is joined
 * once the node's fan-out admitted it; until then it holds the reply to send.
 */
record Channel(
    long joinId, Message join, Route route, Payload joinResponse, Object state, boolean joined) {

  static Channel joining(long joinId, Message join, Route route) {
    return new Channel(joinId, join, route, null, null, false);
  }

  Channel accepted(Payload response, Object kindState) {
    return new Channel(joinId, join, route, response, kindState, false);
  }

  Channel admitted() {
    return new Channel(joinId, join, route, joinResponse, state, true);
  }

  String topic() {
    return join.topic();
  }

  String joinRef() {
    return join.joinRef();
  }

  String joinMessageRef() {
    return join.ref();
  }
}
