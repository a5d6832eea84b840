package dev.kanal.server.dialect.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.protocol.Decoded;
import dev.kanal.protocol.Events;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import dev.kanal.protocol.UserBroadcastFrames;
import dev.kanal.server.dialect.ClientCommand;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.dialect.phoenix.PhoenixCommands;
import dev.kanal.server.dialect.phoenix.PhoenixJoinPayload;
import java.util.Set;

/**
 * Reads what realtime-js sends: Phoenix's heartbeat, join, leave, {@code presence} and
 * {@code access_token}, and {@code broadcast} pushes {@code {"type":"broadcast","event","payload"}}
 * (on V2 as binary kind 3), which become plain pushes of the user's event so that every dialect
 * on the topic hears the same message. Any other event is refused.
 */
final class SupabaseCommands {
  static final String BROADCAST = "broadcast";
  private static final Set<String> PHOENIX_EVENTS =
      Set.of(Events.HEARTBEAT, Events.LEAVE, "presence", PhoenixCommands.ACCESS_TOKEN);

  private SupabaseCommands() {}

  static ClientCommand decode(Serializer serializer, Frame frame) {
    if (serializer == Serializers.V2 && frame instanceof Frame.Binary binary && UserBroadcastFrames.isPush(binary)) {
      Decoded decoded = UserBroadcastFrames.decodePush(binary);
      if (decoded instanceof Decoded.Ok ok) {
        Message push = ok.message();
        return new ClientCommand.Push(from(push), push.event(), push.payload());
      }
      return invalid(((Decoded.Invalid) decoded).reason());
    }
    Decoded decoded = serializer.decode(frame);
    if (decoded instanceof Decoded.Invalid invalid) {
      return invalid(invalid.reason());
    }
    Message message = ((Decoded.Ok) decoded).message();
    if (message.event().equals(Events.JOIN)) {
      return PhoenixCommands.join(message, PhoenixJoinPayload::supabase);
    }
    if (PHOENIX_EVENTS.contains(message.event())) {
      return PhoenixCommands.of(message);
    }
    if (message.event().equals(BROADCAST)) {
      return broadcast(message);
    }
    return new ClientCommand.Invalid(
        from(message), "unknown event " + message.event() + "; a realtime channel takes broadcast, presence and access_token");
  }

  private static ClientCommand broadcast(Message message) {
    JsonNode body = message.payload() instanceof Payload.Json json ? json.value() : null;
    if (body == null || !body.isObject() || !body.path("event").isTextual() || body.path("event").textValue().isEmpty()) {
      return new ClientCommand.Invalid(
          from(message), "a broadcast push needs the payload {\"type\": \"broadcast\", \"event\": string, \"payload\": any}");
    }
    JsonNode payload = body.path("payload");
    return new ClientCommand.Push(
        from(message), body.get("event").textValue(), Payload.json(payload.isMissingNode() ? null : payload));
  }

  private static ClientRef from(Message message) {
    return new ClientRef(message.topic(), message.topic(), message.joinRef(), message.ref());
  }

  private static ClientCommand invalid(String reason) {
    return new ClientCommand.Invalid(ClientRef.socket(Events.PHOENIX_TOPIC, null), reason);
  }
}
