package dev.kanal.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.protocol.Payload;

/**
 * The join payload's {@code {"config":{"broadcast":{"self":b,"ack":b}}}}, as Supabase spells it:
 * whether the sender hears its own broadcasts and whether it is told when they were accepted.
 */
public record BroadcastOptions(boolean self, boolean ack) {

  static BroadcastOptions of(Payload joinPayload) {
    if (!(joinPayload instanceof Payload.Json json)) {
      return new BroadcastOptions(false, false);
    }
    JsonNode broadcast = json.value().path("config").path("broadcast");
    return new BroadcastOptions(broadcast.path("self").asBoolean(false), broadcast.path("ack").asBoolean(false));
  }
}
