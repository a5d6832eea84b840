package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Decoded;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The dialect a client speaks: Kanal's Phoenix socket (V2 JSON arrays) or Supabase Realtime (V1
 * JSON objects, topics under {@code realtime:}, broadcasts wrapped as {@code {type, event, payload}}).
 */
enum Wire {
  PHOENIX("/websocket", "token", Serializers.V2, ""),
  SUPABASE("/websocket", "apikey", Serializers.V1, "realtime:");

  static final String BROADCAST = "broadcast";

  private final String suffix;
  private final String tokenParam;
  private final Serializer serializer;
  private final String topicPrefix;

  Wire(String suffix, String tokenParam, Serializer serializer, String topicPrefix) {
    this.suffix = suffix;
    this.tokenParam = tokenParam;
    this.serializer = serializer;
    this.topicPrefix = topicPrefix;
  }

  /** The socket URI under {@code base} (e.g. {@code ws://host:4000/socket}), with the token and params. */
  URI uri(URI base, String token, Map<String, String> params) {
    StringBuilder query = new StringBuilder("vsn=").append(serializer.vsn());
    if (token != null) {
      query.append('&').append(tokenParam).append('=').append(encode(token));
    }
    params.forEach((name, value) -> query.append('&').append(encode(name)).append('=').append(encode(value)));
    String path = base.toString().replaceAll("/+$", "");
    return URI.create(path + suffix + "?" + query);
  }

  /** The topic of a channel the app names {@code name}: Supabase's live under {@code realtime:}. */
  String topic(String name) {
    return name.startsWith(topicPrefix) ? name : topicPrefix + name;
  }

  String encode(Message message) {
    return ((Frame.Text) serializer.encode(message)).text();
  }

  Optional<Message> decode(String text) {
    Decoded decoded = serializer.decode(new Frame.Text(text));
    return decoded instanceof Decoded.Ok ok ? Optional.of(ok.message()) : Optional.empty();
  }

  /** A client broadcast of {@code event}, as this dialect pushes it. */
  Message broadcast(String joinRef, String ref, String topic, String event, JsonNode payload) {
    if (this == PHOENIX) {
      return new Message(joinRef, ref, topic, event, Payload.json(payload));
    }
    ObjectNode wrapped = JsonNodeFactory.instance.objectNode().put("type", BROADCAST).put("event", event);
    wrapped.set("payload", payload);
    return new Message(joinRef, ref, topic, BROADCAST, Payload.json(wrapped));
  }

  /** The application event and payload a server message carries, unwrapping Supabase's broadcasts. */
  Message unwrap(Message message) {
    if (this == SUPABASE && message.event().equals(BROADCAST) && message.payload() instanceof Payload.Json json
        && json.value().path("event").isTextual()) {
      return new Message(message.joinRef(), message.ref(), message.topic(), json.value().get("event").textValue(),
          Payload.json(json.value().path("payload")));
    }
    return message;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
