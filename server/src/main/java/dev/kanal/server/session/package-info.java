/**
 * Sessions: one actor per connected client, whatever its dialect or transport. A session owns the
 * client's subscriptions (keyed by subscription id), the join state machine, limits and token
 * expiry, and registers with the node's fan-out; it sees {@link dev.kanal.server.dialect.ClientCommand}s
 * and writes through a {@link dev.kanal.server.session.Connection}, never JSON or Netty types.
 */
package dev.kanal.server.session;
