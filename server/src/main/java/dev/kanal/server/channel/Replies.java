package dev.kanal.server.channel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanal.protocol.Payload;

/** The {@code {"reason": …}} body every error reply carries. */
public final class Replies {
  private Replies() {}

  public static Payload reason(String reason) {
    return Payload.json(JsonNodeFactory.instance.objectNode().put("reason", reason));
  }
}
