package dev.kanal.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** What a channel's presence list did, as phoenix.js's {@code Presence} reports it. */
public sealed interface PresenceEvent {

  /** {@code key} gained {@code joined} metas; {@code current} is what it holds now. */
  record Join(String key, List<ObjectNode> current, List<ObjectNode> joined) implements PresenceEvent {}

  /** {@code key} lost {@code left} metas; {@code current} is what it still holds (empty: gone). */
  record Leave(String key, List<ObjectNode> current, List<ObjectNode> left) implements PresenceEvent {}

  /** The whole list after a state or diff was applied: each key with its metas. */
  record Sync(Map<String, List<ObjectNode>> state) implements PresenceEvent {}
}
