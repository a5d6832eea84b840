package dev.kanal.persistence.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** Publishes a server event to a topic's subscribers, as {@code POST /api/broadcast} does. */
public interface Notifier {

  void publish(String topic, String event, JsonNode payload);
}
