/**
 * The Phoenix Channels wire protocol as plain data and its serializers.
 *
 * <p>{@link dev.kanal.protocol.Message}, {@link dev.kanal.protocol.Reply} and
 * {@link dev.kanal.protocol.Broadcast} are the three things that travel on a socket; they know
 * nothing about JSON. A {@link dev.kanal.protocol.Serializer} turns them into a
 * {@link dev.kanal.protocol.Frame} (text or binary, as the WebSocket opcode needs) and decodes
 * incoming frames into a {@link dev.kanal.protocol.Decoded} value, never an exception.
 * {@link dev.kanal.protocol.Serializers#forVsn(String)} picks V1 or V2 from the client's {@code vsn}.
 */
package dev.kanal.protocol;
