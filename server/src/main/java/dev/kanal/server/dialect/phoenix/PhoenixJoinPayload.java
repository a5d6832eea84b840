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
 * {@code {"config":{"broadcast":{"self","ack"},"presence":{"key"},"postgres_changes":[…]}}} and the
 * Phoenix-style {@code {"presence":{"key","meta"}}}; on Supabase's endpoint also {@code config.private}
 * and the join's {@code access_token}, which a Phoenix socket ignores, as Phoenix does.
 */
public final class PhoenixJoinPayload {
  private PhoenixJoinPayload() {}

  /** A Phoenix socket's join. */
  public static JoinParams parse(Payload payload) {
    return parse(payload, false);
  }

  /** A Supabase socket's join, with {@code config.private} and {@code access_token}. */
  public static JoinParams supabase(Payload payload) {
    return parse(payload, true);
  }

  /** Why the payload's {@code postgres_changes} cannot be read, if it cannot. */
  public static Optional<String> problem(Payload payload) {
    JsonNode bindings = payload instanceof Payload.Json json ? json.value().path("config").path("postgres_changes") : null;
    if (bindings == null || bindings.isMissingNode() || bindings.isNull()) {
      return Optional.empty();
    }
    if (!bindings.isArray()) {
      return Optional.of("config.postgres_changes must be an array of bindings");
    }
    for (JsonNode binding : bindings) {
      if (!binding.isObject()) {
        return Optional.of("each of config.postgres_changes must be an object {event, schema, table, filter}");
      }
    }
    return Optional.empty();
  }

  private static JoinParams parse(Payload payload, boolean supabase) {
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
        supabase && config.path("private").asBoolean(false),
        supabase ? text(body.path("access_token")) : Optional.empty());
  }

  private static Optional<ObjectNode> meta(JsonNode presence) {
    if (!presence.has("meta")) {
      return Optional.empty();
    }
    JsonNode meta = presence.path("meta");
    return Optional.of(meta.isObject() ? ((ObjectNode) meta).deepCopy() : JsonNodeFactory.instance.objectNode());
  }

  /** The bindings; {@link #problem} says when they are malformed, so only objects of an array count. */
  private static List<ObjectNode> bindings(JsonNode bindings) {
    List<ObjectNode> out = new ArrayList<>();
    if (bindings.isArray()) {
      bindings.forEach(binding -> {
        if (binding.isObject()) {
          out.add((ObjectNode) binding);
        }
      });
    }
    return List.copyOf(out);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }
}
