package dev.kanal.persistence.collection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kanal.persistence.json.Json;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.spi.CollectionHook;
import dev.kanal.persistence.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** One collection entity on a real store, with a topic double, that can be restarted like a node. */
final class EntityHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);

  private final Store store;
  private final CollectionSchema schema;
  private final CollectionSettings settings;
  private final Optional<CollectionHook> hook;
  private ActorTestKit kit;
  ActorRef<CollectionCommand> entity;
  TopicDouble topic;

  EntityHarness(Store store, CollectionSchema schema, CollectionSettings settings, Optional<CollectionHook> hook) {
    this.store = store;
    this.schema = schema;
    this.settings = settings;
    this.hook = hook;
    start(new TopicDouble());
  }

  static Config config(Store store) {
    return ConfigFactory.parseString(
            "pekko.actor.serialization-bindings { \"dev.kanal.persistence.CollectionSerializable\" = jackson-cbor }\n"
                + "pekko.loglevel = INFO")
        .withFallback(store.pekkoConfig())
        .withFallback(ConfigFactory.load());
  }

  /** Starts a fresh actor system on the same store, as a restarted node would. */
  void start(TopicDouble newTopic) {
    topic = newTopic;
    kit = ActorTestKit.create("collections", config(store));
    entity = kit.spawn(CollectionEntity.create(schema, hook, topic, (t, e, p) -> {}, settings, Clock.systemUTC()));
  }

  void restart(TopicDouble newTopic) {
    kit.shutdownTestKit();
    start(newTopic);
  }

  ActorTestKit kit() {
    return kit;
  }

  CollectionReply.Write create(String json) {
    TestProbe<CollectionReply.Write> probe = kit.createTestProbe();
    entity.tell(new CollectionCommand.Create(object(json), probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  CollectionReply.Write update(String id, String json, boolean replace) {
    TestProbe<CollectionReply.Write> probe = kit.createTestProbe();
    entity.tell(new CollectionCommand.Update(id, object(json), replace, probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  CollectionReply.Write delete(String id) {
    TestProbe<CollectionReply.Write> probe = kit.createTestProbe();
    entity.tell(new CollectionCommand.Delete(id, probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  CollectionReply.Read join(String options) {
    TestProbe<CollectionReply.Read> probe = kit.createTestProbe();
    entity.tell(new CollectionCommand.Join(object(options), probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  CollectionReply.Read list(Map<String, List<String>> params) {
    TestProbe<CollectionReply.Read> probe = kit.createTestProbe();
    entity.tell(new CollectionCommand.ListRecords(params, probe.getRef()));
    return probe.receiveMessage(WAIT);
  }

  CollectionReply.Items items() {
    return (CollectionReply.Items) join("{}");
  }

  static ObjectNode object(String json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }
}
