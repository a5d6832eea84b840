package dev.kanal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Protocol 2.0.0: JSON frames are arrays {@code [join_ref, ref, topic, event, payload]}; binary
 * payloads travel in binary frames (see {@link BinaryFrames}).
 */
final class V2JsonSerializer implements Serializer {

  @Override
  public String vsn() {
    return "2.0.0";
  }

  @Override
  public Frame encode(Message message) {
    if (message.payload() instanceof Payload.Binary binary) {
      return BinaryFrames.push(message.joinRef(), message.topic(), message.event(), binary);
    }
    return new Frame.Text(
        array(message.joinRef(), message.ref(), message.topic(), message.event(),
            g -> JsonCodec.writePayload(g, message.payload())));
  }

  @Override
  public Frame encode(Reply reply) {
    if (reply.response() instanceof Payload.Binary binary) {
      return BinaryFrames.reply(reply.joinRef(), reply.ref(), reply.topic(), reply.status().wire(), binary);
    }
    return new Frame.Text(
        array(reply.joinRef(), reply.ref(), reply.topic(), Events.REPLY,
            g -> JsonCodec.writeReplyPayload(g, reply)));
  }

  @Override
  public Frame fastlane(Broadcast broadcast) {
    if (broadcast.payload() instanceof Payload.Binary binary) {
      return BinaryFrames.broadcast(broadcast.topic(), broadcast.event(), binary);
    }
    return new Frame.Text(
        array(null, null, broadcast.topic(), broadcast.event(),
            g -> JsonCodec.writePayload(g, broadcast.payload())));
  }

  private static String array(
      String joinRef, String ref, String topic, String event, JsonCodec.IoConsumer<JsonGenerator> payload) {
    return JsonCodec.write(
        g -> {
          g.writeStartArray();
          g.writeString(joinRef);
          g.writeString(ref);
          g.writeString(topic);
          g.writeString(event);
          payload.accept(g);
          g.writeEndArray();
        });
  }

  @Override
  public Decoded decode(Frame frame) {
    if (frame instanceof Frame.Binary binary) {
      return BinaryFrames.decode(binary.bytes().unsafeArray());
    }
    try {
      JsonNode node = JsonCodec.parse(((Frame.Text) frame).text());
      if (!node.isArray() || node.size() != 5) {
        return Decoded.invalid("a message must be a JSON array [join_ref, ref, topic, event, payload]");
      }
      return new Decoded.Ok(
          new Message(
              JsonCodec.refOf(node.get(0)),
              JsonCodec.refOf(node.get(1)),
              JsonCodec.requiredText(node.get(2), "topic"),
              JsonCodec.requiredText(node.get(3), "event"),
              Payload.json(node.get(4))));
    } catch (IOException | RuntimeException e) {
      return Decoded.invalid("malformed message: " + e.getMessage());
    }
  }
}
