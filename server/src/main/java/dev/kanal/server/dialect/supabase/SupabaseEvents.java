package dev.kanal.server.dialect.supabase;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.server.dialect.ServerEvent;
import dev.kanal.server.dialect.phoenix.PhoenixEvents;
import java.util.List;

/**
 * A session's events as Supabase Realtime sends them: Phoenix's replies and closes, and before a
 * channel closes for an expired token, the {@code system} message that says why.
 */
final class SupabaseEvents implements ServerEvent.Encoder<List<Frame>> {
  static final String SYSTEM = "system";

  private final PhoenixEvents phoenix;

  SupabaseEvents(Serializer serializer) {
    this.phoenix = new PhoenixEvents(serializer);
  }

  @Override
  public List<Frame> answered(ServerEvent.Answered answered) {
    return List.of(phoenix.answered(answered));
  }

  @Override
  public List<Frame> refused(ServerEvent.Refused refused) {
    return List.of(phoenix.refused(refused));
  }

  @Override
  public List<Frame> closed(ServerEvent.Closed closed) {
    Frame close = phoenix.closed(closed);
    return switch (closed.why()) {
      case LEFT, REPLACED -> List.of(close);
      case TOKEN_EXPIRED -> List.of(
          phoenix.pushed(new ServerEvent.Pushed(closed.of(), SYSTEM, system(closed.of().topic(), "Token has expired"))),
          close);
    };
  }

  @Override
  public List<Frame> pushed(ServerEvent.Pushed pushed) {
    return List.of(phoenix.pushed(pushed));
  }

  @Override
  public List<Frame> closing(ServerEvent.Closing closing) {
    return List.of(phoenix.closing(closing));
  }

  /** {@code {"extension":"system","status":"error","message","channel"}}, the channel named without {@code realtime:}. */
  private static Payload system(String topic, String message) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode()
        .put("extension", SYSTEM)
        .put("status", "error")
        .put("message", message)
        .put("channel", SupabaseEndpoint.channelName(topic));
    return Payload.json(payload);
  }
}
