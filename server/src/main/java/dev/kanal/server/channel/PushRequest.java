package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.server.auth.Principal;

/** A client push on a joined channel (any event that is not part of the protocol itself). */
public record PushRequest(String topic, String event, Payload payload, Principal principal) {}
