/**
 * Channel kinds: what a topic does when a client joins, pushes, or the server publishes to it.
 *
 * <p>{@link dev.kanal.server.channel.ChannelKind} is the public SPI, the counterpart of a Phoenix
 * channel module. A kind never sees frames, refs or JSON encoding: a session turns its dialect's commands
 * into {@link dev.kanal.server.channel.JoinRequest}s and {@link dev.kanal.server.channel.PushRequest}s
 * and the kind's sealed outcomes back into replies and broadcasts.
 */
package dev.kanal.server.channel;
