package dev.kanal.server.topic;

import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.ChangeView;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.server.metrics.KanalMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frames of one change, shared by a node's subscribers: each (serializer, view) pair is encoded
 * once, by whichever socket needs it first. Subscribers' filters differ, so the fan-out cannot know
 * in advance which variants are needed.
 */
public final class ChangeFrames {
  /** The event collection subscribers receive. */
  public static final String EVENT = "change";

  private final String topic;
  private final Change change;
  private final KanalMetrics metrics;
  private final Map<Variant, Frame> frames = new ConcurrentHashMap<>(4);

  private record Variant(Serializer serializer, ChangeView view) {}

  public ChangeFrames(String topic, Change change, KanalMetrics metrics) {
    this.topic = topic;
    this.change = change;
    this.metrics = metrics;
  }

  /** The frame for {@code view}, which must not be {@link ChangeView#SKIP}. */
  public Frame frame(Serializer serializer, ChangeView view) {
    return frames.computeIfAbsent(new Variant(serializer, view), this::encode);
  }

  private Frame encode(Variant variant) {
    var payload = variant.view() == ChangeView.DELETE ? change.deletion() : change.payload();
    metrics.frameEncoded(variant.serializer().vsn());
    return variant.serializer().fastlane(new Broadcast(topic, EVENT, Payload.json(payload)));
  }
}
