package dev.kanal.server.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kanal.persistence.collection.ChangePublisher;
import dev.kanal.persistence.collection.CollectionReply;
import dev.kanal.persistence.store.StoreSchema;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.config.KanalConfig;
import dev.kanal.server.config.KanalSettings;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TestInbox;
import dev.kanal.server.topic.TopicEntities;
import dev.kanal.server.topic.TopicEntity;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node's whole collection path (sharded collection entity on the H2 store, sharded topic entity,
 * fan-out) with the first publication of a change lost between the journal and the topic, as a
 * crash or a dropped message would lose it.
 */
@ExtendWith(LogCapturingExtension.class)
class CollectionDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final AtomicInteger lost = new AtomicInteger();
  private static ActorTestKit testKit;
  private static Collections collections;
  private static ActorRef<NodeFanout.Command> fanout;

  /** Loses the first publication it is given, then passes every one on. */
  private static ChangePublisher losingTheFirst(ChangePublisher publisher) {
    return change -> lost.getAndIncrement() == 0
        ? CompletableFuture.failedFuture(new TimeoutException("lost on purpose"))
        : publisher.publish(change);
  }

  @BeforeAll
  static void start() throws Exception {
    String h2 = Files.createTempDirectory("kanal-delivery").resolve("kanal").toAbsolutePath().toString();
    Config config = KanalConfig.load(ConfigFactory.parseString(
        "kanal.collections.order { id = serial, fields { customer_id { type = integer } } }\n"
            + "kanal.store { url = \"jdbc:h2:file:" + h2 + "\", republish-every = 200ms }\n"
            + "pekko.remote.artery.canonical.port = 0\n"
            + "pekko.coordinated-shutdown.exit-jvm = off"));
    KanalSettings settings = KanalSettings.from(config);
    StoreSchema.ensure(settings.collections().store());
    testKit = ActorTestKit.create("kanal", settings.collections().store().pekkoConfig().withFallback(config));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TopicEntity.init(testKit.system(), Duration.ofMinutes(10), Duration.ofMillis(20));
    TopicEntities entities = TopicEntities.sharded(testKit.system());
    fanout = testKit.spawn(NodeFanout.create(entities, new KanalMetrics()));
    collections = Collections.start(testKit.system(), settings.collections(), entities, CollectionDeliveryTest::losingTheFirst);
  }

  @AfterAll
  static void stop() {
    // Leaving the cluster hands off both shard regions and closes the JDBC pool: more than the default 10 s on a busy machine.
    ActorTestKit.shutdown(testKit.system(), Duration.ofSeconds(60));
  }

  @Test
  void aChangeWhosePublicationWasLostStillReachesTheSubscriberAndTheWriterHearsItDelivered() throws Exception {
    TestProbe<Subscriber.Message> subscriber = testKit.createTestProbe();
    fanout.tell(new NodeFanout.Subscribe("collection:order", subscriber.ref(), PhoenixDialect.V2, 1, false, TestInbox.of(subscriber.ref(), PhoenixDialect.V2)));
    subscriber.expectMessage(WAIT, new Subscriber.Admitted("collection:order", 1));

    CompletableFuture<CollectionReply.Write> written =
        collections.create("order", JsonNodeFactory.instance.objectNode().put("customer_id", 5)).toCompletableFuture();

    Subscriber.ChangeDelivery delivery = subscriber.expectMessageClass(Subscriber.ChangeDelivery.class, WAIT);
    assertEquals(1, delivery.change().seq());
    assertEquals(5, delivery.change().after().get("customer_id").asInt());
    CollectionReply.Written reply = assertInstanceOf(CollectionReply.Written.class, written.get(10, TimeUnit.SECONDS));
    assertTrue(reply.delivered(), "answered only once the topic confirmed the republished change");
    assertTrue(lost.get() >= 2, "the first publication was lost and a later one went through");
    subscriber.expectNoMessage(Duration.ofMillis(500));
  }
}
