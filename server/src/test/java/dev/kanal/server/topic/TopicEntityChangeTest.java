package dev.kanal.server.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.kanal.persistence.collection.Change;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How a topic entity takes collection changes: in seq order, each once, and confirms cumulatively. */
@ExtendWith(LogCapturingExtension.class)
class TopicEntityChangeTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  private ActorRef<TopicEntity.Command> entity;
  private TestProbe<NodeFanout.Command> fanout;
  private TestProbe<TopicEntity.ChangeTaken> publisher;
  private String topic;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void setUp() {
    topic = "collection:c" + TopicEntityTest.topics.incrementAndGet();
    entity = testKit.spawn(
        TopicEntity.create(topic, testKit.<ClusterSharding.ShardCommand>createTestProbe().ref(),
            TopicEntityTest.NEVER, TopicEntityTest.PRESENCE_BATCH));
    fanout = testKit.createTestProbe();
    publisher = testKit.createTestProbe();
    TopicEntityTest.register(entity, fanout.ref(), fanout, topic);
  }

  private Change change(long seq) {
    return new Change(topic.substring("collection:".length()), seq, Change.Action.CREATE, LongNode.valueOf(seq), null,
        JsonNodeFactory.instance.objectNode().put("id", seq));
  }

  private long publish(long seq, boolean gapless) {
    entity.tell(new TopicEntity.PublishChange(change(seq), gapless, publisher.ref()));
    return publisher.receiveMessage(TopicEntityTest.TIMEOUT).highest();
  }

  private void expectDelivered(long seq) {
    NodeFanout.DeliverChange deliver = fanout.expectMessageClass(NodeFanout.DeliverChange.class, TopicEntityTest.TIMEOUT);
    assertEquals(seq, deliver.change().seq());
  }

  @Test
  void aNewIncarnationTakesAnySeqThenOnlyTheNextOneOfAGaplessCollection() {
    assertEquals(5, publish(5, true), "nothing seen yet: any seq is taken");
    expectDelivered(5);
    assertEquals(5, publish(5, true), "a seq it has is confirmed again, not sent again");
    assertEquals(5, publish(7, true), "a gap is refused: the answer names the highest seq taken");
    fanout.expectNoMessage(TopicEntityTest.SILENCE);

    assertEquals(6, publish(6, true));
    expectDelivered(6);
    assertEquals(7, publish(7, true));
    expectDelivered(7);
  }

  @Test
  void aViewSkipsNumbersButNeverGoesBack() {
    assertEquals(10, publish(10, false));
    expectDelivered(10);
    assertEquals(15, publish(15, false));
    expectDelivered(15);
    assertEquals(15, publish(12, false), "an overtaken computation is dropped");
    fanout.expectNoMessage(TopicEntityTest.SILENCE);
  }

  @Test
  void everyRegisteredNodeGetsEachChangeOnce() {
    TestProbe<NodeFanout.Command> other = testKit.createTestProbe();
    TopicEntityTest.register(entity, other.ref(), other, topic);
    publish(1, true);
    expectDelivered(1);
    assertEquals(1, other.expectMessageClass(NodeFanout.DeliverChange.class).change().seq());
    publish(1, true);
    fanout.expectNoMessage(TopicEntityTest.SILENCE);
    other.expectNoMessage(TopicEntityTest.SILENCE);
  }
}
