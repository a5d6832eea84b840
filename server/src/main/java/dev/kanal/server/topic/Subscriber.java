package dev.kanal.server.topic;

import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;

/** What a fan-out sends to a subscribing connection actor. */
public final class Subscriber {
  private Subscriber() {}

  /** Everything a subscribing connection actor accepts; its own commands extend this. */
  public interface Message {}

  /** The subscription made with {@code joinId} is live: deliveries follow from now on. */
  public record Admitted(String topic, long joinId) implements Message {}

  /** A frame for a topic, encoded once and shared by every local subscriber with the same serializer. */
  public record Delivery(String topic, Frame frame) implements Message {}

  /**
   * Where a subscription's deliveries go. A socket's goes straight to its connection, so a broadcast
   * costs its subscribers no actor message each; the socket decides, through it, what may pass.
   */
  public interface Inbox {
    /** A frame shared by every local subscriber of the topic with the same fastlane. */
    void deliver(Delivery delivery);

    /** A message for this subscription alone (a joiner's {@code presence_state}), encoded with its own refs. */
    void push(Broadcast message);
  }

  /**
   * A collection change. Each subscriber decides what it sees of it (its filter may turn it into a
   * delete, or skip it) and takes the frame from {@code frames}, which encodes each variant once.
   */
  public record ChangeDelivery(String topic, Change change, ChangeFrames frames) implements Message {}
}
