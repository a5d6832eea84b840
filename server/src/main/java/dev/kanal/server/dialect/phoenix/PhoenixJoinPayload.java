package dev.kanal.server.dialect.phoenix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.BroadcastOptions;
import dev.kanal.server.channel.JoinParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a join payload as Phoenix clients and Supabase's realtime-js write it:
 * {@code {"config":{"broadcast":{"self","ack"},"presence":{"key"},"postgres_changes":[…],"private"},
 * "access_token"}} and the Phoenix-style {@code {"presence":{"key","meta"}}}.
 */
public final class PhoenixJoinPayload {
  private PhoenixJoinPayload() {}

  public static JoinParams parse(Payload payload) {
    if (!(payload instanceof Payload.Json json) || !json.value().isObject()) {
      return JoinParams.plain(payload);
    }
    JsonNode body = json.value();
    JsonNode config = body.path("config");
    JsonNode broadcast = config.path("broadcast");
    return new JoinParams(
        payload,
        new BroadcastOptions(broadcast.path("self").asBoolean(false), broadcast.path("ack").asBoolean(false)),
        new JoinParams.PresenceOptions(
            text(body.path("presence").path("key")).or(() -> text(config.path("presence").path("key"))),
            meta(body.path("presence"))),
        bindings(config.path("postgres_changes")),
        config.path("private").asBoolean(false),
        text(body.path("access_token")));
  }

  private static Optional<ObjectNode> meta(JsonNode presence) {
    if (!presence.has("meta")) {
      return Optional.empty();
    }
    JsonNode meta = presence.path("meta");
    return Optional.of(meta.isObject() ? ((ObjectNode) meta).deepCopy() : JsonNodeFactory.instance.objectNode());
  }

  private static List<ObjectNode> bindings(JsonNode bindings) {
    List<ObjectNode> out = new ArrayList<>();
    bindings.forEach(binding -> out.add(binding.isObject() ? (ObjectNode) binding : JsonNodeFactory.instance.objectNode()));
    return List.copyOf(out);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }
}
