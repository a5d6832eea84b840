package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;

/** A message the server side publishes to a topic, e.g. through {@code POST /api/broadcast}. */
public record ServerMessage(String topic, String event, Payload payload) {}
