package dev.kanal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Protocol 1.0.0: every frame is a JSON object {@code {"topic","event","payload","ref"}}.
 *
 * <p>An incoming {@code join_ref} is honoured; outgoing frames carry none, as Phoenix's V1
 * serializer does. V1 has no binary frames, so a binary payload travels as a base64 JSON string.
 */
final class V1JsonSerializer implements Serializer {

  @Override
  public String vsn() {
    return "1.0.0";
  }

  @Override
  public Frame encode(Message message) {
    return new Frame.Text(
        object(message.topic(), message.event(), message.ref(), g -> JsonCodec.writePayload(g, message.payload())));
  }

  @Override
  public Frame encode(Reply reply) {
    return new Frame.Text(
        object(reply.topic(), Events.REPLY, reply.ref(), g -> JsonCodec.writeReplyPayload(g, reply)));
  }

  @Override
  public Frame fastlane(Broadcast broadcast) {
    return new Frame.Text(
        object(broadcast.topic(), broadcast.event(), null, g -> JsonCodec.writePayload(g, broadcast.payload())));
  }

  private static String object(
      String topic, String event, String ref, JsonCodec.IoConsumer<JsonGenerator> payload) {
    return JsonCodec.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("topic", topic);
          g.writeStringField("event", event);
          g.writeFieldName("payload");
          payload.accept(g);
          g.writeStringField("ref", ref);
          g.writeEndObject();
        });
  }

  @Override
  public Decoded decode(Frame frame) {
    if (!(frame instanceof Frame.Text text)) {
      return Decoded.invalid("protocol 1.0.0 takes only text frames");
    }
    try {
      JsonNode node = JsonCodec.parse(text.text());
      if (!node.isObject()) {
        return Decoded.invalid("a message must be a JSON object with topic, event, payload and ref");
      }
      if (!node.has("payload")) {
        return Decoded.invalid("payload is missing");
      }
      return new Decoded.Ok(
          new Message(
              JsonCodec.refOf(node.get("join_ref")),
              JsonCodec.refOf(node.get("ref")),
              JsonCodec.requiredText(node.get("topic"), "topic"),
              JsonCodec.requiredText(node.get("event"), "event"),
              Payload.json(node.get("payload"))));
    } catch (IOException | RuntimeException e) {
      return Decoded.invalid("malformed message: " + e.getMessage());
    }
  }
}
