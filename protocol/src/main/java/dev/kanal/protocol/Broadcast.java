package dev.kanal.protocol;

import java.util.Objects;

/**
 * A message for every subscriber of a topic. It carries no refs, so one encoding serves every
 * socket that speaks the same serializer (Phoenix's fastlane).
 */
public record Broadcast(String topic, String event, Payload payload) {
  public Broadcast {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(payload, "payload");
  }
}
