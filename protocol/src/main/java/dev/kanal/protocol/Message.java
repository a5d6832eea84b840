package dev.kanal.protocol;

import java.util.Objects;

/**
 * A message on a topic: a client push, or a server push to one socket.
 *
 * @param joinRef the ref of the {@code phx_join} that opened the channel, or null
 * @param ref this message's ref, or null for server pushes
 * @param topic the topic, never null
 * @param event the event name, never null
 * @param payload the body, never null
 */
public record Message(String joinRef, String ref, String topic, String event, Payload payload) {
  public Message {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(payload, "payload");
  }
}
