package dev.kanal.server.topic;

import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.ChangeView;
import dev.kanal.protocol.Frame;
import dev.kanal.server.dialect.Fastlane;
import dev.kanal.server.metrics.KanalMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frames of one change, shared by a node's subscribers: each (fastlane, view) pair is encoded
 * once, by whichever session needs it first. Subscribers' filters differ, so the fan-out cannot know
 * in advance which variants are needed.
 */
public final class ChangeFrames {
  private final String topic;
  private final Change change;
  private final KanalMetrics metrics;
  private final Map<Variant, Frame> frames = new ConcurrentHashMap<>(4);

  private record Variant(Fastlane fastlane, ChangeView view) {}

  public ChangeFrames(String topic, Change change, KanalMetrics metrics) {
    this.topic = topic;
    this.change = change;
    this.metrics = metrics;
  }

  /** The frame for {@code view}, which must not be {@link ChangeView#SKIP}. */
  public Frame frame(Fastlane fastlane, ChangeView view) {
    return frames.computeIfAbsent(new Variant(fastlane, view), this::encode);
  }

  private Frame encode(Variant variant) {
    metrics.frameEncoded(variant.fastlane().dialect(), variant.fastlane().vsn());
    return variant.fastlane().change(topic, variant.view() == ChangeView.DELETE ? change.asDeletion() : change);
  }
}
