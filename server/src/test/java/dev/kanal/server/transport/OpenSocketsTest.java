package dev.kanal.server.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.server.session.Session;
import dev.kanal.server.topic.Subscriber;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class OpenSocketsTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void closeAllRefusesNewSocketsAsksEveryOpenOneToCloseAndCompletesWhenTheLastIsGone() {
    OpenSockets open = new OpenSockets();
    TestProbe<Subscriber.Message> first = testKit.createTestProbe();
    TestProbe<Subscriber.Message> second = testKit.createTestProbe();
    open.opened(first.ref());
    open.opened(second.ref());
    assertTrue(open.accepting());

    CompletableFuture<Done> drained = open.closeAll().toCompletableFuture();

    assertFalse(open.accepting(), "readiness is false and upgrades are refused while draining");
    first.expectMessage(Session.NodeDraining.INSTANCE);
    second.expectMessage(Session.NodeDraining.INSTANCE);
    open.closed(first.ref());
    assertFalse(drained.isDone(), "one socket is still open");
    open.closed(second.ref());
    assertTrue(drained.isDone());
  }

  @Test
  void closeAllWithNoSocketCompletesAtOnce() {
    assertTrue(new OpenSockets().closeAll().toCompletableFuture().isDone());
  }
}
