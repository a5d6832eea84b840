package dev.kanal.server.dialect;

import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;

/**
 * Encodes what a topic sends all its subscribers, once per dialect and variant: the node's fan-out
 * groups sockets by their fastlane and shares each frame within a group. Implementations are
 * stateless and thread-safe, and equal exactly when their frames are interchangeable.
 */
public interface Fastlane {

  /** The dialect's name, as {@link Dialect#name()}. */
  String dialect();

  /** The variant's protocol version, e.g. {@code 2.0.0}. */
  String vsn();

  Frame broadcast(Broadcast broadcast);

  /** A collection change on {@code topic}, as a subscriber sees it through its filter. */
  Frame change(String topic, Change change);
}
