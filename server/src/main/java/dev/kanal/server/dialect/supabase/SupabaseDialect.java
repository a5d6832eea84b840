package dev.kanal.server.dialect.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Events;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import dev.kanal.protocol.UserBroadcastFrames;
import dev.kanal.server.channel.ChangeEvent;
import dev.kanal.server.dialect.ClientCommand;
import dev.kanal.server.dialect.ServerEvent;
import dev.kanal.server.dialect.phoenix.SerializedDialect;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Supabase Realtime, as {@code @supabase/realtime-js} 2.x speaks it over Phoenix's V1 or V2
 * serializer. A topic's messages reach these clients as Supabase broadcasts
 * {@code {"type":"broadcast","event","payload"}}: on V2 as binary kind 4 (realtime-js decodes no
 * other binary kind), on V1 as text, binary payloads as base64 strings. Presence events are told
 * apart by name, which no client or publisher may use for its own messages. Presence events keep
 * Phoenix's shape, which realtime-js's presence reads.
 */
public final class SupabaseDialect extends SerializedDialect {
  public static final String NAME = "supabase";
  public static final SupabaseDialect V1 = new SupabaseDialect(Serializers.V1);
  public static final SupabaseDialect V2 = new SupabaseDialect(Serializers.V2);

  private final SupabaseEvents encoder;

  private SupabaseDialect(Serializer serializer) {
    super(serializer);
    this.encoder = new SupabaseEvents(serializer);
  }

  /** The variant a client's {@code vsn} asks for; a missing vsn means 1.0.0, as in Phoenix. */
  public static Optional<SupabaseDialect> forVsn(String vsn) {
    return forVsn(vsn, V1, V2);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ClientCommand decode(Frame frame) {
    return SupabaseCommands.decode(serializer, frame);
  }

  @Override
  public List<Frame> encode(ServerEvent event) {
    return event.encodeWith(encoder);
  }

  @Override
  public Frame broadcast(Broadcast broadcast) {
    String event = broadcast.event();
    if (event.equals(Events.PRESENCE_STATE) || event.equals(Events.PRESENCE_DIFF)) {
      return serializer.fastlane(broadcast);
    }
    return userBroadcast(broadcast.topic(), event, broadcast.payload());
  }

  /** A collection change reaches a realtime-js client as a broadcast of event {@code change}. */
  @Override
  public Frame change(String topic, Change change) {
    return userBroadcast(topic, ChangeEvent.EVENT, Payload.json(ChangeEvent.payload(change)));
  }

  /** Text where a kind-4 frame cannot name the topic or event (over 255 bytes); realtime-js reads both. */
  private Frame userBroadcast(String topic, String event, Payload payload) {
    if (serializer == Serializers.V2 && UserBroadcastFrames.fits(topic, event)) {
      return UserBroadcastFrames.broadcast(topic, event, payload);
    }
    JsonNode value = payload instanceof Payload.Json json
        ? json.value()
        : TextNode.valueOf(Base64.getEncoder().encodeToString(((Payload.Binary) payload).bytes().toArray()));
    ObjectNode wrapped = JsonNodeFactory.instance.objectNode().put("type", SupabaseCommands.BROADCAST).put("event", event);
    wrapped.set("payload", value);
    return serializer.fastlane(new Broadcast(topic, SupabaseCommands.BROADCAST, Payload.json(wrapped)));
  }
}
