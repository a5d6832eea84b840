package dev.kanal.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Frame;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.dialect.supabase.SupabaseDialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The client's end of one dialect variant, written from the official clients' serializers: how
 * phoenix.js and realtime-js put a message into a frame, and read the frames they get.
 */
enum ClientWire {
  PHOENIX_V1(PhoenixDialect.V1, false, false),
  PHOENIX_V2(PhoenixDialect.V2, true, false),
  SUPABASE_V1(SupabaseDialect.V1, false, true),
  SUPABASE_V2(SupabaseDialect.V2, true, true);

  static final ObjectMapper JSON = new ObjectMapper();

  final Dialect dialect;
  private final boolean arrays;
  private final boolean supabase;

  ClientWire(Dialect dialect, boolean arrays, boolean supabase) {
    this.dialect = dialect;
    this.arrays = arrays;
    this.supabase = supabase;
  }

  boolean carriesJoinRef() {
    return arrays;
  }

  /** A message as {@code [join_ref, ref, topic, event, payload]} (V2) or the V1 object. */
  Frame message(String joinRef, String ref, String topic, String event, String payload) {
    JsonNode body = parse(payload);
    if (arrays) {
      ArrayNode frame = JSON.createArrayNode();
      frame.add(joinRef).add(ref).add(topic).add(event).add(body);
      return new Frame.Text(frame.toString());
    }
    ObjectNode frame = JSON.createObjectNode().put("topic", topic).put("event", event).put("ref", ref).put("join_ref", joinRef);
    frame.set("payload", body);
    return new Frame.Text(frame.toString());
  }

  /** A client broadcast of {@code event}: a plain push from phoenix.js, realtime-js's {@code broadcast} push otherwise. */
  Frame broadcast(String joinRef, String ref, String topic, String event, String payload) {
    if (!supabase) {
      return message(joinRef, ref, topic, event, payload);
    }
    if (!arrays) {
      return message(joinRef, ref, topic, "broadcast",
          "{\"type\":\"broadcast\",\"event\":\"" + event + "\",\"payload\":" + payload + "}");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[][] fields = {utf8(joinRef), utf8(ref), utf8(topic), utf8(event), new byte[0]};
    out.write(3);
    for (byte[] field : fields) {
      out.write(field.length);
    }
    out.write(1);
    for (byte[] field : fields) {
      out.writeBytes(field);
    }
    out.writeBytes(utf8(payload));
    return new Frame.Binary(out.toByteArray());
  }

  /** A text frame the server sent, as {@code [join_ref, ref, topic, event, payload]} whatever the variant. */
  JsonNode read(Frame frame) {
    JsonNode json = parse(((Frame.Text) frame).text());
    if (arrays) {
      return json;
    }
    ArrayNode message = JSON.createArrayNode();
    message.add(json.path("join_ref").textValue());
    message.add(json.get("ref").textValue()).add(json.get("topic").textValue()).add(json.get("event").textValue());
    message.add(json.get("payload"));
    return message;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static byte[] utf8(String text) {
    return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
  }
}
