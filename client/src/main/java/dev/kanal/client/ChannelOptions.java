package dev.kanal.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a channel asks for when it joins: whether it hears its own broadcasts and has them
 * acknowledged, and its presence key. Immutable; each method returns a new one.
 */
public record ChannelOptions(boolean self, boolean ack, String presenceKey) {
  public static final ChannelOptions DEFAULT = new ChannelOptions(false, false, null);

  public static ChannelOptions broadcast(boolean self, boolean ack) {
    return new ChannelOptions(self, ack, null);
  }

  public ChannelOptions presenceKey(String key) {
    return new ChannelOptions(self, ack, key);
  }

  /** The join payload: {@code {"config":{"broadcast":{"self","ack"},"presence":{"key"}}}}. */
  ObjectNode joinPayload() {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    ObjectNode config = payload.putObject("config");
    config.putObject("broadcast").put("self", self).put("ack", ack);
    ObjectNode presence = config.putObject("presence");
    if (presenceKey != null) {
      presence.put("key", presenceKey);
    }
    return payload;
  }
}
