package dev.kanal.server.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.presence.Metas;
import dev.kanal.protocol.Payload;
import dev.kanal.server.auth.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a socket reads presence from the wire: the key of a channel, the Phoenix-style join payload
 * {@code {"presence":{"key":k,"meta":{…}}}}, the Supabase-style push {@code presence}
 * {@code {"type":"presence","event":"track"|"untrack","payload":meta}}, and how a meta is made.
 */
final class PresenceTracking {
  /** The push event realtime-js uses for track and untrack. */
  static final String EVENT = "presence";

  private PresenceTracking() {}

  /** What a presence push asks for. */
  sealed interface Request {
    record Track(ObjectNode meta) implements Request {}

    record Untrack() implements Request {}

    record Invalid(String reason) implements Request {}
  }

  /**
   * The channel's presence key: the join payload's {@code presence.key} (Phoenix style) or
   * {@code config.presence.key} (Supabase), else the token's {@code sub}, else the socket's own id.
   */
  static String key(Payload joinPayload, Principal principal, String socketId) {
    JsonNode json = joinPayload instanceof Payload.Json j ? j.value() : JsonNodeFactory.instance.nullNode();
    return text(json.path("presence").path("key"))
        .or(() -> text(json.path("config").path("presence").path("key")))
        .or(principal::subject)
        .orElse(socketId);
  }

  /** The meta of a Phoenix-style join payload, if it asks to track at join. */
  static Optional<ObjectNode> joinMeta(Payload joinPayload) {
    if (joinPayload instanceof Payload.Json json && json.value().path("presence").has("meta")) {
      JsonNode meta = json.value().path("presence").path("meta");
      return Optional.of(meta.isObject() ? ((ObjectNode) meta).deepCopy() : JsonNodeFactory.instance.objectNode());
    }
    return Optional.empty();
  }

  static Request parsePush(Payload payload) {
    if (!(payload instanceof Payload.Json json) || !json.value().isObject()) {
      return new Request.Invalid("a presence push needs a JSON object payload");
    }
    JsonNode body = json.value();
    String event = body.path("event").asText("");
    if (event.equals("track")) {
      JsonNode meta = body.path("payload");
      if (!meta.isMissingNode() && !meta.isObject()) {
        return new Request.Invalid("a presence track payload must be a JSON object");
      }
      return new Request.Track(meta.isObject() ? ((ObjectNode) meta).deepCopy() : JsonNodeFactory.instance.objectNode());
    }
    if (event.equals("untrack")) {
      return new Request.Untrack();
    }
    return new Request.Invalid("unknown presence event \"" + event + "\"; use track or untrack");
  }

  /**
   * The meta to track: the client's fields, then the configured claims of the token, then a fresh
   * {@code phx_ref} and, for an update, {@code phx_ref_prev}. A configured claim only ever comes from
   * the token: a client's field of that name is dropped when the token lacks the claim.
   */
  static ObjectNode meta(ObjectNode clientMeta, Principal principal, List<String> claims, String previousRef) {
    ObjectNode meta = clientMeta.deepCopy();
    meta.remove(Metas.PHX_REF);
    meta.remove(Metas.PHX_REF_PREV);
    ObjectNode tokenClaims = principal.claims();
    for (String claim : claims) {
      if (tokenClaims.has(claim)) {
        meta.set(claim, tokenClaims.get(claim));
      } else {
        meta.remove(claim);
      }
    }
    meta.put(Metas.PHX_REF, newRef());
    if (previousRef != null) {
      meta.put(Metas.PHX_REF_PREV, previousRef);
    }
    return meta;
  }

  /** A random id, unique enough to tell apart the metas of one topic. */
  static String newRef() {
    byte[] bytes = new byte[12];
    ThreadLocalRandom.current().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isValueNode() && !node.isNull() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }
}
