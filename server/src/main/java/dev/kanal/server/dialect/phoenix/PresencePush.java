package dev.kanal.server.dialect.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.ClientCommand.PresenceRequest;

/** Reads the presence push realtime-js sends: {@code {"type":"presence","event":"track"|"untrack","payload":meta}}. */
final class PresencePush {
  /** The push event of a presence track or untrack. */
  static final String EVENT = "presence";

  private PresencePush() {}

  static PresenceRequest parse(Payload payload) {
    if (!(payload instanceof Payload.Json json) || !json.value().isObject()) {
      return new PresenceRequest.Refused("a presence push needs a JSON object payload");
    }
    JsonNode body = json.value();
    String event = body.path("event").asText("");
    if (event.equals("track")) {
      JsonNode meta = body.path("payload");
      if (!meta.isMissingNode() && !meta.isObject()) {
        return new PresenceRequest.Refused("a presence track payload must be a JSON object");
      }
      return new PresenceRequest.Track(
          meta.isObject() ? ((ObjectNode) meta).deepCopy() : JsonNodeFactory.instance.objectNode());
    }
    if (event.equals("untrack")) {
      return new PresenceRequest.Untrack();
    }
    return new PresenceRequest.Refused("unknown presence event \"" + event + "\"; use track or untrack");
  }
}
