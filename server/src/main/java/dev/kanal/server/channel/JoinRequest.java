package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.server.auth.Principal;

/** A client's {@code phx_join}: the topic, its join payload and who asks. */
public record JoinRequest(String topic, Payload payload, Principal principal) {}
